#!/usr/bin/env bash
# Installs what Ember needs on a Debian 12 machine: the system libraries it links, the tools its tests
# and benchmarks drive, and the Python clients of the compatibility tests. Idempotent, non-interactive.
# Swift packages are not installed here: SwiftPM resolves them on the first build.
set -euo pipefail

DEBIAN_PACKAGES=(
    libsqlite3-dev   # GRDB links the system SQLite
    liburing-dev     # the io_uring engine (CShims)
    libaio-dev       # the Linux AIO engine (CShims)
    util-linux       # losetup and mount, for the data-path tests on loop devices
    xfsprogs         # mkfs.xfs with reflink, for the clone benchmark
    fio qemu-utils   # the benchmark's peers
    wrk              # HTTP load for the identity benchmark
    tgt              # tgtd and tgtadm: the iSCSI target volumes are exported through
    open-iscsi       # iscsiadm and iscsid: the kernel initiator os-brick drives in the guest lane
    libiscsi-bin     # iscsi-inq, iscsi-test-cu, iscsi-perf: a userspace initiator for the tests
    qemu-block-extra # qemu-io and qemu-img with iscsi:// URLs
    libldap-dev      # the identity service's LDAP backend (CLDAP)
    slapd ldap-utils # a real directory for the LDAP backend's tests (started on loopback by the tests)
    lvm2 thin-provisioning-tools  # the LVM backend (run for real in the guest lane)
    qemu-system-x86 linux-image-amd64 udev kmod busybox-static  # the guest lane: a kernel with device-mapper under QEMU
    sqlite3          # inspecting a data dir by hand
    postgresql rabbitmq-server librabbitmq-dev  # distributed mode: the shared database and the AMQP broker (started by scripts/postgres.sh, scripts/rabbitmq.sh)
    curl             # the README's examples
    prometheus       # promtool, which checks /metrics in the compat tests
    chromium chromium-driver  # headless Chromium and its WebDriver, for the dashboard's browser tests
    python3-pip python3-venv
)

PYTHON_PACKAGES=(
    python-cinderclient
    python-openstackclient
    pytest
    requests
    schemathesis     # fuzzes a live server from its OpenAPI document (jsonschema comes with it)
    virtme-ng        # boots the guest lane's kernel with this machine's userland
    os-brick         # Nova's attach library, run in the guest lane against Ember's exports
    selenium         # drives chromium-driver in the dashboard's browser tests
    matplotlib       # the benchmark report's plots (Benchmarks/report.py)
)

need_apt=()
for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$package")
done
if ((${#need_apt[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}"
fi

python3 -m pip install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
echo "setup: Debian and Python packages are in place"
