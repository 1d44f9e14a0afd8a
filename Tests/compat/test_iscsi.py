"""Volumes exported over iSCSI by `ember serve --iscsi` (its own tgtd on loopback), attached through the
attachments API, and used by real userspace initiators: libiscsi's tools and qemu-io."""
import os
import random
import shutil
import subprocess
import uuid

import pytest
import requests

from conftest import EmberServer, free_port, wait_for

HEADERS = {"X-Auth-Token": "alice:demo", "OpenStack-API-Version": "volume 3.60"}
INITIATOR = "iqn.1994-05.com.example:compute-1"
TOOLS = ["tgtd", "tgtadm", "iscsi-inq", "iscsi-test-cu", "qemu-io"]


def require_tools():
    missing = [tool for tool in TOOLS if not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing {missing}: run scripts/setup.sh (Debian tgt, libiscsi-bin, qemu-block-extra)")
        pytest.skip(f"missing {missing}: install Debian tgt, libiscsi-bin and qemu-block-extra")
    if os.geteuid() != 0:
        pytest.fail("tgtd needs root") if os.environ.get("CI") else pytest.skip("tgtd needs root")


@pytest.fixture
def iscsi_ember(tmp_path):
    require_tools()
    portal_port = free_port()
    server = EmberServer(str(tmp_path / "data"), ["--iscsi", "--iscsi-portal", f"127.0.0.1:{portal_port}"])
    server.portal_port = portal_port
    yield server
    assert server.stop() == 0


def api(server, method, path, **kwargs):
    return requests.request(method, f"{server.url}/v3/demo{path}", headers=HEADERS, **kwargs)


def available_volume(server, size=1):
    volume = api(server, "POST", "/volumes", json={"volume": {"size": size}}).json()["volume"]
    wait_for(lambda: api(server, "GET", f"/volumes/{volume['id']}").json()["volume"]["status"] == "available")
    return volume["id"]


def url(data, password=None):
    user = data["auth_username"]
    secret = password or data["auth_password"]
    return f"iscsi://{user}%{secret}@{data['target_portal']}/{data['target_iqn']}/{data['target_lun']}"


def image_opts(data, initiator=INITIATOR):
    host = data["target_portal"]
    return (f"driver=iscsi,transport=tcp,portal={host},target={data['target_iqn']},lun={data['target_lun']},"
            f"user={data['auth_username']},password={data['auth_password']},initiator-name={initiator}")


def attach(server, volume_id):
    body = {"attachment": {"volume_uuid": volume_id, "instance_uuid": str(uuid.uuid4()),
                           "connector": {"initiator": INITIATOR, "host": "compute-1", "ip": "127.0.0.1"}}}
    response = api(server, "POST", "/attachments", json=body)
    assert response.status_code == 200, response.text
    return response.json()["attachment"]


def test_attach_write_read_detach_through_a_real_initiator(iscsi_ember):
    server = iscsi_ember
    volume_id = available_volume(server)
    attachment = attach(server, volume_id)
    info = attachment["connection_info"]
    data = info["data"]
    assert info["driver_volume_type"] == "iscsi" and attachment["status"] == "attaching"
    assert data["target_iqn"] == f"iqn.2010-10.org.openstack:volume-{volume_id}"
    assert data["target_portal"] == f"127.0.0.1:{server.portal_port}" and data["target_lun"] == 1
    assert data["auth_method"] == "CHAP" and len(data["auth_password"]) >= 12 and data["access_mode"] == "rw"
    assert data["target_portals"] == [data["target_portal"]] and data["target_iqns"] == [data["target_iqn"]]
    assert api(server, "GET", f"/volumes/{volume_id}").json()["volume"]["status"] == "attaching"
    # The secret is in no log line.
    with open(os.path.join(server.data_dir, "serve.log")) as log:
        assert data["auth_password"] not in log.read()

    # A random 8 MiB pattern at several offsets, written and read back through the export with qemu-io.
    rng = random.Random(42)
    pattern = bytes(rng.getrandbits(8) for _ in range(8 << 20))
    source = os.path.join(server.data_dir, "pattern.bin")
    with open(source, "wb") as f:
        f.write(pattern)
    offsets = [0, 100 << 20, (1 << 30) - (8 << 20)]
    for offset in offsets:
        write = subprocess.run(["qemu-io", "--image-opts", image_opts(data), "-c",
                                f"write -s {source} {offset} {len(pattern)}"], capture_output=True, text=True, timeout=120)
        assert write.returncode == 0 and "wrote 8388608/8388608" in write.stdout, write.stdout + write.stderr
    backing = os.path.join(server.data_dir, "volumes", f"volume-{volume_id}")
    with open(backing, "rb") as f:
        for offset in offsets:
            f.seek(offset)
            assert f.read(len(pattern)) == pattern, f"bytes at {offset} did not land in the backing file"
    readback = os.path.join(server.data_dir, "readback.bin")
    convert = subprocess.run(["qemu-img", "convert", "--image-opts", image_opts(data), "-O", "raw", readback],
                             capture_output=True, text=True, timeout=300)
    assert convert.returncode == 0, convert.stderr
    with open(readback, "rb") as f:
        for offset in offsets:
            f.seek(offset)
            assert f.read(len(pattern)) == pattern

    # The file is served with O_DIRECT (no second copy in this host's page cache).
    shown = subprocess.run(["tgtadm", "-C", str(server.portal_port % 10000), "--lld", "iscsi", "--mode", "target", "--op", "show"],
                           capture_output=True, text=True, timeout=30)
    assert "Backing store flags: direct" in shown.stdout, shown.stdout

    # A wrong secret cannot log in; another initiator is not let in.
    wrong = subprocess.run(["iscsi-inq", "-i", INITIATOR, url(data, password="x" * 24)], capture_output=True, text=True, timeout=30)
    assert wrong.returncode != 0 and "Authentication failure" in wrong.stdout + wrong.stderr
    stranger = subprocess.run(["iscsi-inq", "-i", "iqn.1994-05.com.example:stranger", url(data)], capture_output=True, text=True, timeout=30)
    assert stranger.returncode != 0
    assert subprocess.run(["iscsi-inq", "-i", INITIATOR, url(data)], capture_output=True, timeout=30).returncode == 0

    # Complete: in-use, listed in the volume body; an in-use volume cannot be deleted.
    assert api(server, "POST", f"/attachments/{attachment['id']}/action", json={"os-complete": None}).status_code == 204
    volume = api(server, "GET", f"/volumes/{volume_id}").json()["volume"]
    assert volume["status"] == "in-use" and [a["attachment_id"] for a in volume["attachments"]] == [attachment["id"]]
    refused = api(server, "DELETE", f"/volumes/{volume_id}")
    assert refused.status_code == 400 and "in-use" in refused.json()["badRequest"]["message"]

    # Detach: the target is gone and the volume is available again.
    assert api(server, "DELETE", f"/attachments/{attachment['id']}").json() == {"attachments": []}
    assert api(server, "GET", f"/volumes/{volume_id}").json()["volume"]["status"] == "available"
    gone = subprocess.run(["iscsi-inq", "-i", INITIATOR, url(data)], capture_output=True, text=True, timeout=30)
    assert gone.returncode != 0
    shown = subprocess.run(["tgtadm", "-C", str(server.portal_port % 10000), "--lld", "iscsi", "--mode", "target", "--op", "show"],
                           capture_output=True, text=True, timeout=30)
    assert volume_id not in shown.stdout


def test_a_second_attachment_needs_multiattach_and_restarts_restore_exports(tmp_path):
    require_tools()
    portal_port = free_port()
    data_dir = str(tmp_path / "data")
    server = EmberServer(data_dir, ["--iscsi", "--iscsi-portal", f"127.0.0.1:{portal_port}"])
    try:
        volume_id = available_volume(server)
        attachment = attach(server, volume_id)
        data = attachment["connection_info"]["data"]
        second = api(server, "POST", "/attachments", json={"attachment": {"volume_uuid": volume_id}})
        assert second.status_code == 400 and "multiattach" in second.json()["badRequest"]["message"]
        bad = api(server, "POST", "/attachments", json={"attachment": {"volume_uuid": volume_id, "connector": {"initiator": "x; rm -rf /"}}})
        assert bad.status_code == 400
    finally:
        assert server.stop() == 0
    # tgtd stopped with Ember; a new start re-creates the export from the database, same account.
    server = EmberServer(data_dir, ["--iscsi", "--iscsi-portal", f"127.0.0.1:{portal_port}"])
    tgtadm = ["tgtadm", "-C", str(portal_port % 10000), "--lld", "iscsi"]
    try:
        wait_for(lambda: subprocess.run(["iscsi-inq", "-i", INITIATOR, url(data)], capture_output=True, timeout=30).returncode == 0)
        # tgtd killed under Ember: it is restarted and the export re-created.
        pids = subprocess.run(["pgrep", "-f", f"tgtd -f -C {portal_port % 10000} "], capture_output=True, text=True).stdout.split()
        assert len(pids) == 1
        os.kill(int(pids[0]), 9)
        wait_for(lambda: subprocess.run(["iscsi-inq", "-i", INITIATOR, url(data)], capture_output=True, timeout=30).returncode == 0, timeout=30)
        assert subprocess.run(["pgrep", "-f", f"tgtd -f -C {portal_port % 10000} "], capture_output=True, text=True).stdout.split() != pids
        # A target that vanished behind Ember's back does not stop the detach.
        shown = subprocess.run(tgtadm + ["--mode", "target", "--op", "show"], capture_output=True, text=True).stdout
        tid = [line.split()[1].rstrip(":") for line in shown.splitlines() if volume_id in line][0]
        subprocess.run(tgtadm + ["--mode", "target", "--op", "delete", "--force", "--tid", tid], check=True)
        assert api(server, "DELETE", f"/attachments/{attachment['id']}").status_code == 200
        assert api(server, "GET", f"/volumes/{volume_id}").json()["volume"]["status"] == "available"

        # A failed export (the backing file is gone) leaves the volume available and nothing exported.
        broken = available_volume(server)
        os.remove(os.path.join(data_dir, "volumes", f"volume-{broken}"))
        failed = api(server, "POST", "/attachments", json={"attachment": {"volume_uuid": broken, "connector": {"initiator": INITIATOR}}})
        assert failed.status_code == 500 and "Unable to export" in failed.json()["computeFault"]["message"]
        assert api(server, "GET", f"/volumes/{broken}").json()["volume"]["status"] == "available"
        assert api(server, "GET", "/attachments").json()["attachments"] == []
        shown = subprocess.run(tgtadm + ["--mode", "target", "--op", "show"], capture_output=True, text=True).stdout
        assert broken not in shown and volume_id not in shown
    finally:
        assert server.stop() == 0


LIBISCSI_SUITES = ["SCSI.Inquiry", "SCSI.ReadCapacity16", "SCSI.Read10", "SCSI.Write10"]


def test_libiscsi_conformance_suites_pass_against_an_export(iscsi_ember):
    server = iscsi_ember
    volume_id = available_volume(server)
    data = attach(server, volume_id)["connection_info"]["data"]
    counts = {}
    for suite in LIBISCSI_SUITES:
        result = subprocess.run(["iscsi-test-cu", "--test", suite, "-i", INITIATOR, url(data)],
                                capture_output=True, text=True, timeout=600)
        summary = [line for line in result.stdout.splitlines() if line.strip().startswith(("tests", "asserts"))]
        counts[suite] = " / ".join(" ".join(line.split()) for line in summary)
        assert result.returncode == 0, result.stdout[-3000:]
    print("libiscsi:", counts)
