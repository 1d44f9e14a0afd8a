"""`ember serve --config FILE`: settings named as the flags, read from YAML, with a flag given on the
command line winning over the file; a bad file is refused in one sentence before anything starts."""
import os
import signal
import subprocess
import time

import pytest
import requests

from conftest import EMBER_BIN, free_port, wait_for

ADMIN = {"X-Auth-Token": "operator:demo:admin"}


def start(*args):
    process = subprocess.Popen([EMBER_BIN, "serve", "--auth", "noauth", "--report-interval", "1", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return process, process.stdout.readline()


def stop(process):
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


def wait_available(api, volume_id, timeout=15.0):
    """The volume once it is available: a create answers 202 while the volume service still builds it."""
    def shown():
        volume = requests.get(f"{api}/volumes/{volume_id}", headers=ADMIN).json()["volume"]
        return volume if volume["status"] == "available" else None
    return wait_for(shown, timeout=timeout)


def refusal(tmp_path, text, *args):
    config = tmp_path / "ember.yaml"
    config.write_text(text)
    result = subprocess.run([EMBER_BIN, "serve", "--auth", "noauth", "--config", str(config), *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "listening on" not in result.stdout, result.stdout
    return result.stderr


def test_the_file_sets_where_volumes_live_and_a_flag_wins_over_it(tmp_path):
    data, port = tmp_path / "from-file", free_port()
    config = tmp_path / "ember.yaml"
    config.write_text(f"# an operator's file\ndata-dir: {data}\nlisten: 127.0.0.1:{port}\nhost: filehost@file\n"
                      "backend: file\nvolume-clear: zero\n")
    process, line = start("--config", str(config))
    assert line.strip() == f"ember: listening on http://127.0.0.1:{port}"
    try:
        api = f"http://127.0.0.1:{port}/v3/demo"
        volume = requests.post(f"{api}/volumes", json={"volume": {"size": 1}}, headers=ADMIN).json()["volume"]
        shown = wait_available(api, volume["id"])
        assert os.path.exists(data / "volumes" / f"volume-{volume['id']}")
        assert shown["os-vol-host-attr:host"].startswith("filehost@file")
    finally:
        stop(process)

    # The same file, with --listen and --host on the command line: those win, the rest still comes from the file.
    other = free_port()
    process, line = start("--config", str(config), "--listen", f"127.0.0.1:{other}", "--host", "flaghost@file")
    assert line.strip() == f"ember: listening on http://127.0.0.1:{other}"
    try:
        listed = requests.get(f"http://127.0.0.1:{other}/v3/demo/volumes", headers=ADMIN).json()["volumes"]
        assert [v["id"] for v in listed] == [volume["id"]], "the data dir still came from the file"
    finally:
        stop(process)


def test_the_copy_limit_holds_a_volume_copy_to_its_rate(tmp_path):
    """`volume-copy-bps-limit` reaches the volume service: 8 MiB of data copied into a new volume at
    4 MiB/s takes at least 2 s (the rest of the 1 GiB volume is holes, never read). The data dir is on
    a filesystem without reflink here (ext4), so the copy moves the bytes."""
    data, port = tmp_path / "limited", free_port()
    config = tmp_path / "ember.yaml"
    config.write_text(f"data-dir: {data}\nlisten: 127.0.0.1:{port}\nvolume-copy-bps-limit: 4194304\n")
    process, line = start("--config", str(config))
    assert line.strip() == f"ember: listening on http://127.0.0.1:{port}"
    try:
        api = f"http://127.0.0.1:{port}/v3/demo"
        source = requests.post(f"{api}/volumes", json={"volume": {"size": 1}}, headers=ADMIN).json()["volume"]
        wait_available(api, source["id"])
        with open(data / "volumes" / f"volume-{source['id']}", "r+b") as volume_file:
            volume_file.write(b"\xab" * (8 << 20))
        started = time.monotonic()
        copy = requests.post(f"{api}/volumes", json={"volume": {"size": 1, "source_volid": source["id"]}}, headers=ADMIN)
        assert copy.status_code == 202, copy.text
        copy_id = copy.json()["volume"]["id"]
        wait_available(api, copy_id, timeout=60)
        elapsed = time.monotonic() - started
        assert elapsed >= 1.8, f"8 MiB at 4 MiB/s took {elapsed:.2f} s"
        with open(data / "volumes" / f"volume-{copy_id}", "rb") as copied:
            assert copied.read(8 << 20) == b"\xab" * (8 << 20)
    finally:
        stop(process)


def test_a_bad_file_is_refused_in_one_sentence(tmp_path):
    assert "unknown key(s) volume_group" in refusal(tmp_path, "backend: lvm\nvolume_group: cinder-volumes\n")
    assert "backend must be one of file, lvm, not 'ceph'" in refusal(tmp_path, "backend: ceph\n")
    assert "lvm-type must be one of thick, thin, not 'fat'" in refusal(tmp_path, "backend: lvm\nvolume-group: vg\nlvm-type: fat\n")
    assert "volume-clear-size must be a whole number from 0 to 1024, not '2048'" in refusal(
        tmp_path, "backend: lvm\nvolume-group: vg\nvolume-clear-size: 2048\n")
    assert "volume-copy-bps-limit must be a whole number from 0 to 1099511627776, not '100MB'" in refusal(
        tmp_path, "volume-copy-bps-limit: 100MB\n")
    assert "iscsi must be true or false, not 'maybe'" in refusal(tmp_path, "iscsi: maybe\n")
    assert "--iscsi-portal must be HOST:PORT" in refusal(tmp_path, "iscsi: true\niscsi-portal: somewhere\n")
    assert "--backend lvm needs --volume-group NAME" in refusal(tmp_path, "backend: lvm\n")
    assert "--volume-clear-size applies to --backend lvm only" in refusal(tmp_path, "volume-clear-size: 8\n")
    assert "must hold a YAML mapping" in refusal(tmp_path, "- backend\n- lvm\n")
    assert "is not valid YAML" in refusal(tmp_path, "backend: [file\n")
    missing = subprocess.run([EMBER_BIN, "serve", "--config", str(tmp_path / "absent.yaml")], capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "absent.yaml cannot be read" in missing.stderr
    # A flag can fix what the file lacks, and a flag's own value is checked the same way.
    assert "--volume-group needs --backend lvm" in refusal(tmp_path, "volume-group: vg\n")
    stderr = refusal(tmp_path, "backend: lvm\nvolume-group: vg\n", "--lvm-type", "fat")
    assert "'fat'" in stderr and "--lvm-type" in stderr


def test_an_lvm_backend_from_the_file_refuses_to_start_without_device_mapper(tmp_path):
    if "device-mapper" in open("/proc/misc").read():
        pytest.skip("this host has device-mapper; the guest lane runs the LVM backend for real")
    data, port = tmp_path / "data", free_port()
    stderr = refusal(tmp_path, f"backend: lvm\nvolume-group: ember-absent\ndata-dir: {data}\nlisten: 127.0.0.1:{port}\n")
    assert "The LVM backend needs the kernel's device-mapper" in stderr
