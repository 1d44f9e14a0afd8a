#!/usr/bin/env bash
# Runs inside the guest booted by scripts/guest-lvm.sh (as root, this machine's userland, a Debian
# kernel with device-mapper): a volume group on a loop device over a sparse file in WORK, then the
# LVM driver's tests against it. Writes the tests' exit status to WORK/result.
#   bash scripts/guest-lvm-inner.sh WORK TEST_BINARY
set -uo pipefail
work="$1"
tests="$2"
status=1
trap 'echo "$status" > "$work/result"' EXIT
set -e
for module in loop dm_mod dm_snapshot dm_thin_pool; do modprobe "$module"; done
# No udev runs in the guest: libdevmapper makes the device nodes itself instead of waiting for it.
export DM_DISABLE_UDEV=1
truncate -s 12G "$work/pv.img"
loop=$(losetup --find --show "$work/pv.img")
pvcreate -y -q "$loop"
vgcreate -q ember-guest "$loop"
echo "guest: $(uname -r), volume group ember-guest on $loop"
set +e
EMBER_LVM_VG=ember-guest timeout 600 "$tests" --testing-library swift-testing --filter "LVM"
status=$?
vgremove -f -q ember-guest
pvremove -q "$loop"
losetup -d "$loop"
rm -f "$work/pv.img"
