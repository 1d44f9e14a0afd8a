#!/usr/bin/env python3
"""A thin LV exported over iSCSI, run inside the guest lane (scripts/guest-lvm-inner.sh): a real
`ember serve` configured by a --config file (backend lvm, lvm-type thin, iscsi) creates a thin volume,
exports it through its own tgtd with the `aio` backing store on the LV's device node, and libiscsi's
tools (iscsi-inq, iscsi-readcapacity16, and qemu-io's libiscsi driver) read back what was written on
the LV and write what the LV then holds. Exits non-zero on failure.
Usage: python3 Tests/guest/lvm_iscsi.py EMBER_BIN VOLUME_GROUP WORK_DIR"""
import os
import signal
import subprocess
import uuid
import sys

from guest_ember import Ember, lv_names, lvs

EMBER, GROUP, WORK = sys.argv[1:4]
DATA = "/tmp/ember-lvm-iscsi"
PORTAL_PORT = 3262
INITIATOR = "iqn.1994-05.com.example:guest-initiator"
MIB = 1 << 20


def configure():
    """The backend comes from the config file alone: the same keys as the flags."""
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, "ember.yaml")
    with open(path, "w") as config:
        config.write(f"backend: lvm\nvolume-group: {GROUP}\nlvm-type: thin\n"
                     f"iscsi: true\niscsi-portal: 127.0.0.1:{PORTAL_PORT}\n"
                     f"data-dir: {DATA}\nlisten: 127.0.0.1:18777\n")
    return Ember(EMBER, DATA, 18777, ["--config", path])


def write_on_lv(device, offset, byte, length=4 * MIB):
    fd = os.open(device, os.O_WRONLY)
    try:
        os.pwrite(fd, bytes([byte]) * length, offset)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_on_lv(device, offset, length=4 * MIB):
    fd = os.open(device, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)  # not the page cache: the device
        return os.pread(fd, length, offset)
    finally:
        os.close(fd)


def run(arguments, timeout=300):
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{arguments[0]} failed ({result.returncode}): {result.stdout[-2000:]} {result.stderr[-2000:]}"
    return result.stdout


def main():
    server = configure()
    process = server.start()
    try:
        exercise(server)
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, "ember serve did not stop cleanly"
    shown = subprocess.run(["pgrep", "-f", f"tgtd -f -C {PORTAL_PORT}"], capture_output=True, text=True).stdout
    assert not shown.strip(), f"tgtd outlived ember serve: {shown}"
    print("lvm iscsi: passed")


def exercise(server):
    volume = server.call("POST", "/volumes", {"volume": {"size": 1, "name": "exported"}})["volume"]["id"]
    server.wait_status(volume, "available")
    name = f"volume-{volume}"
    row = next(r for r in lvs(GROUP, "lv_name,lv_attr,pool_lv") if r[0] == name)
    assert row[1].startswith("V") and row[2] == "ember-pool", f"not a thin LV in ember-pool: {row}"
    device = f"/dev/{GROUP}/{name}"
    write_on_lv(device, 0, 0x5A)
    write_on_lv(device, 600 * MIB, 0xA5)

    body = {"attachment": {"volume_uuid": volume, "instance_uuid": str(uuid.uuid4()),
                           "connector": {"initiator": INITIATOR, "host": "guest", "ip": "127.0.0.1"}}}
    info = server.call("POST", "/attachments", body)["attachment"]
    attachment, data = info["id"], info["connection_info"]["data"]
    assert info["connection_info"]["driver_volume_type"] == "iscsi", info
    control = ["tgtadm", "-C", str(PORTAL_PORT % 10000), "--lld", "iscsi", "--mode", "target", "--op", "show"]
    shown = run(control)
    assert f"Backing store path: {device}" in shown and "Backing store type: aio" in shown, shown
    print(f"iscsi: {data['target_iqn']} exports {device} with the aio backing store")

    url = f"iscsi://{data['auth_username']}%{data['auth_password']}@{data['target_portal']}/{data['target_iqn']}/{data['target_lun']}"
    inquiry = run(["iscsi-inq", "-i", INITIATOR, url])
    assert "Peripheral Device Type:DIRECT_ACCESS" in inquiry, inquiry
    capacity = run(["iscsi-readcapacity16", "-i", INITIATOR, url])
    assert "Total size:1073741824" in capacity, capacity
    opts = (f"driver=iscsi,transport=tcp,portal={data['target_portal']},target={data['target_iqn']},lun={data['target_lun']},"
            f"user={data['auth_username']},password={data['auth_password']},initiator-name={INITIATOR}")
    # read -P checks every byte against the pattern; write -P sends one.
    out = run(["qemu-io", "--image-opts", opts, "-c", f"read -P 0x5a 0 {4 * MIB}", "-c", f"read -P 0xa5 {600 * MIB} {4 * MIB}",
               "-c", f"read -P 0 {4 * MIB} {4 * MIB}", "-c", f"write -P 0x3c {300 * MIB} {4 * MIB}"])
    assert out.count("read 4194304/4194304") == 3 and "wrote 4194304/4194304" in out and "Pattern verification failed" not in out, out
    assert read_on_lv(device, 300 * MIB) == bytes([0x3C]) * 4 * MIB, "a write through the export did not reach the LV"
    print("iscsi: libiscsi read back the LV's patterns at 0 and 600 MiB; its write at 300 MiB is on the LV")

    assert server.call("DELETE", f"/attachments/{attachment}") == {"attachments": []}
    assert volume not in run(control), "the target outlived its attachment"
    gone = subprocess.run(["iscsi-inq", "-i", INITIATOR, url], capture_output=True, text=True, timeout=60)
    assert gone.returncode != 0, "the export still answers after the detach"
    server.call("DELETE", f"/volumes/{volume}")
    server.wait_settled()
    assert name not in lv_names(GROUP), "the deleted volume's LV is still there"


if __name__ == "__main__":
    main()
