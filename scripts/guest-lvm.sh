#!/usr/bin/env bash
# The guest lane: boots Debian's kernel under QEMU (virtme-ng, software emulation: this machine's own
# kernel has no device-mapper) with this machine's userland read-only and one writable work dir, and
# runs the LVM driver's tests and the iSCSI attach tests (libiscsi, and os-brick with open-iscsi)
# inside it (scripts/guest-lvm-inner.sh). The guest's console goes to
# WORK/console.log, printed when the lane fails. Needs the packages scripts/setup.sh installs and a
# build of the tests (swift build --build-tests).
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "guest-lvm: no kernel in /boot (apt-get install linux-image-amd64)" >&2; exit 1; }
tests="$(swift build --show-bin-path)/emberPackageTests.xctest"
[ -x "$tests" ] || { echo "guest-lvm: build the tests first (swift build --build-tests)" >&2; exit 1; }
# The Python the setup installed os-brick into, by its real path: the guest's PATH may find another.
python=$(python3 -c 'import sys; print(sys.executable)')
work=$(mktemp -d /var/tmp/ember-guest.XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "guest-lvm: booting $kernel under emulation"
set +e
# The checkout is handed in read-only by name as well: the guest mounts its own tmpfs over /tmp and
# /var/tmp, which would hide a checkout there (seen with a clone in /var/tmp).
timeout 900 vng --disable-kvm --memory 10G --cpus 2 --run "$kernel" --user root --rodir "$PWD" --rwdir "$work" \
    --exec "bash $PWD/scripts/guest-lvm-inner.sh $work $tests $(swift build --show-bin-path)/ember $python" > "$work/console.log" 2>&1
vng_status=$?
set -e
result=$(cat "$work/result" 2>/dev/null || echo "none")
elapsed=$(( $(date +%s) - started ))
grep -E "guest:|✔ Test run|✘|Test run with|^(create|copy|delete|iscsi|os-brick):|lvm (restart|iscsi)|os-brick attach" "$work/console.log" | sed 's/\x1b\[[0-9;]*m//g' || true
if [ "$result" != "0" ]; then
    echo "guest-lvm: FAILED (tests: $result, vng: $vng_status) after ${elapsed}s; the guest's console:" >&2
    cat "$work/console.log" >&2
    exit 1
fi
echo "guest-lvm: passed in ${elapsed}s"
