#!/usr/bin/env python3
"""Nova's attach flow with the real os-brick, run inside the guest lane (scripts/guest-lvm-inner.sh,
which starts open-iscsi's iscsid first): a real `ember serve` on the LVM backend with iSCSI, driven as
Nova drives Cinder. It reserves an attachment, updates it with the connector os-brick reports, logs in
with os-brick's ISCSIConnector and the returned connection_info (CHAP included), so that a real SCSI
disk appears in the guest, then completes the attachment. A pattern written on the LV is read through
the disk, and one written through the disk is found on the LV. A wrong CHAP secret fails the login.
Then disconnect_volume, and the attachment is deleted. os-brick runs as Nova runs it: its privileged
calls go through an oslo.privsep daemon (root already, so no sudo in front of privsep-helper).
Exits non-zero on failure.
Usage: python3 Tests/guest/osbrick_attach.py EMBER_BIN VOLUME_GROUP WORK_DIR"""
import mmap
import os
import signal
import stat
import subprocess
import uuid
import sys

from guest_ember import Ember, lv_names
from lvm_iscsi import read_on_lv, write_on_lv

EMBER, GROUP, WORK = sys.argv[1:4]
DATA = "/tmp/ember-osbrick"
PORTAL_PORT = 3263
MIB = 1 << 20


def brick():
    """os-brick set up as a Nova compute node sets it up: oslo.config, a lock path, privsep."""
    from oslo_config import cfg
    import os_brick
    from os_brick.initiator import connector

    cfg.CONF([], project="ember-guest")
    cfg.CONF.set_override("lock_path", os.path.join(DATA, "locks"), "oslo_concurrency")
    os_brick.setup(cfg.CONF)
    # Beside this Python: the guest's PATH may not have its bin directory.
    helper = os.path.join(os.path.dirname(sys.executable), "privsep-helper")
    cfg.CONF.set_override("helper_command", helper, "privsep_osbrick")
    return connector


def read_direct(device, offset, length=4 * MIB):
    """Reads through the disk with O_DIRECT, so what comes back crossed iSCSI, not the page cache."""
    fd = os.open(device, os.O_RDONLY | os.O_DIRECT)
    try:
        buffer = mmap.mmap(-1, length)
        os.preadv(fd, [buffer], offset)
        return bytes(buffer)
    finally:
        os.close(fd)


def write_direct(device, offset, byte, length=4 * MIB):
    fd = os.open(device, os.O_WRONLY | os.O_DIRECT)
    try:
        buffer = mmap.mmap(-1, length)
        buffer.write(bytes([byte]) * length)
        os.pwritev(fd, [buffer], offset)
        os.fsync(fd)
    finally:
        os.close(fd)


def sessions():
    result = subprocess.run(["iscsiadm", "-m", "session"], capture_output=True, text=True, timeout=60)
    return result.stdout if result.returncode == 0 else ""


def main():
    os.makedirs(os.path.join(DATA, "locks"), exist_ok=True)
    server = Ember(EMBER, DATA, 18778, ["--backend", "lvm", "--volume-group", GROUP, "--iscsi",
                                        "--iscsi-portal", f"127.0.0.1:{PORTAL_PORT}", "--data-dir", DATA,
                                        "--listen", "127.0.0.1:18778"])
    process = server.start()
    try:
        exercise(server, brick())
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, "ember serve did not stop cleanly"
    print("os-brick attach: passed")


def exercise(server, connector):
    volume = server.call("POST", "/volumes", {"volume": {"size": 1, "name": "nova-disk"}})["volume"]["id"]
    server.wait_status(volume, "available")
    lv = f"/dev/{GROUP}/volume-{volume}"
    write_on_lv(lv, 0, 0x5A)

    # Nova: attachment_create without a connector (reserved), then attachment_update with os-brick's.
    properties = connector.get_connector_properties("sudo", "127.0.0.1", False, False)
    assert properties["initiator"].startswith("iqn."), properties
    reserved = server.call("POST", "/attachments", {"attachment": {"volume_uuid": volume, "instance_uuid": str(uuid.uuid4())}})
    attachment = reserved["attachment"]["id"]
    assert reserved["attachment"]["status"] == "reserved", reserved
    updated = server.call("PUT", f"/attachments/{attachment}", {"attachment": {"connector": properties}})["attachment"]
    info = updated["connection_info"]
    assert info["driver_volume_type"] == "iscsi" and info["data"]["auth_method"] == "CHAP", info
    data = info["data"]
    print(f"os-brick: connector {properties['initiator']}; target {data['target_iqn']} at {data['target_portal']}")

    iscsi = connector.InitiatorConnector.factory("ISCSI", "sudo", use_multipath=False)
    device = iscsi.connect_volume(data)
    path = os.path.realpath(device["path"])
    assert device["type"] == "block" and stat.S_ISBLK(os.stat(path).st_mode), device
    assert data["target_iqn"] in sessions(), sessions()
    server.call("POST", f"/attachments/{attachment}/action", {"os-complete": None})
    assert server.call("GET", f"/volumes/{volume}")["volume"]["status"] == "in-use"
    with open(path, "rb") as disk:
        assert disk.seek(0, os.SEEK_END) == 1 << 30, "the disk is not the volume's size"
    print(f"os-brick: connect_volume gave {device['path']} ({path}), 1 GiB")

    assert read_direct(path, 0) == bytes([0x5A]) * 4 * MIB, "the LV's pattern did not come back through the disk"
    write_direct(path, 512 * MIB, 0xC3)
    assert read_on_lv(lv, 512 * MIB) == bytes([0xC3]) * 4 * MIB, "a write through the disk did not reach the LV"
    print("os-brick: the LV's pattern read through the disk; the disk's write at 512 MiB is on the LV")

    iscsi.disconnect_volume(data, device)
    assert data["target_iqn"] not in sessions(), f"a session outlived disconnect_volume: {sessions()}"
    assert not os.path.exists(path), f"{path} outlived disconnect_volume"

    wrong = dict(data, auth_password="not-" + data["auth_password"])
    from os_brick import exception as brick_exception
    try:
        iscsi.connect_volume(wrong)
    except brick_exception.BrickException as error:
        print(f"os-brick: a wrong CHAP secret fails the login ({type(error).__name__})")
    else:
        raise AssertionError("a wrong CHAP secret logged in")
    assert data["target_iqn"] not in sessions(), sessions()

    assert server.call("DELETE", f"/attachments/{attachment}") == {"attachments": []}
    server.wait_status(volume, "available")
    server.call("DELETE", f"/volumes/{volume}")
    server.wait_settled()
    assert f"volume-{volume}" not in lv_names(GROUP), "the deleted volume's LV is still there"


if __name__ == "__main__":
    main()
