#!/usr/bin/env bash
# Runs inside the guest booted by scripts/guest-lvm.sh (as root, this machine's userland, a Debian
# kernel with device-mapper): a volume group on an 8 GiB RAM disk, then against it the LVM driver's
# tests, the SIGKILL restart cases, a thin LV exported through tgtd and read with libiscsi, and Nova's
# attach flow through os-brick and open-iscsi's kernel initiator (a real SCSI disk). The
# physical volume is a RAM disk (brd): a file on the 9p-shared work dir is far too slow under
# emulation. Writes the tests' exit status to WORK/result.
#   bash scripts/guest-lvm-inner.sh WORK TEST_BINARY EMBER_BINARY PYTHON
set -uo pipefail
work="$1"
tests="$2"
ember="$3"
python="${4:-python3}"
status=1
trap 'echo "$status" > "$work/result"' EXIT
set -e
for module in dm_mod dm_snapshot dm_thin_pool; do modprobe "$module"; done
modprobe brd rd_nr=1 rd_size=$((8 * 1024 * 1024))
# No udev runs in the guest: libdevmapper makes the device nodes itself instead of waiting for it.
export DM_DISABLE_UDEV=1
device=/dev/ram0
pvcreate -y -q "$device"
vgcreate -q ember-guest "$device"
ip link set lo up
# open-iscsi for os-brick: the guest sees this machine's /etc read-only, so its config and node
# database go in a tmpfs over /etc/iscsi, with a fresh initiator name; then the modules and iscsid.
cp /etc/iscsi/iscsid.conf /tmp/iscsid.conf
mount -t tmpfs -o mode=0755 tmpfs /etc/iscsi
cp /tmp/iscsid.conf /etc/iscsi/iscsid.conf
echo "InitiatorName=$(iscsi-iname -p iqn.2026-12.org.ember:guest)" > /etc/iscsi/initiatorname.iscsi
mkdir -p /run/lock/iscsi
for module in iscsi_tcp sd_mod; do modprobe "$module"; done
iscsid
echo "guest: $(uname -r), volume group ember-guest on $device"
set +e
EMBER_LVM_VG=ember-guest timeout 600 "$tests" --testing-library swift-testing --filter "LVM"
status=$?
"$python" Tests/guest/lvm_restart.py "$ember" ember-guest "$work" || status=1
"$python" Tests/guest/lvm_iscsi.py "$ember" ember-guest "$work" || status=1
"$python" Tests/guest/osbrick_attach.py "$ember" ember-guest "$work" || status=1
pkill -x iscsid || true
vgremove -f -q ember-guest
pvremove -q "$device"
rmmod brd
