"""`ember io`: one JSON report on stdout with --json, a one-line message and a non-zero exit on error."""
import json
import os
import subprocess

from conftest import EMBER_BIN

MIB = 1 << 20


def io(*args):
    return subprocess.run([EMBER_BIN, "io", *args], capture_output=True, text=True, timeout=120)


def test_copy_verify_and_wipe_report_one_json_object(tmp_path):
    source, destination = tmp_path / "src", tmp_path / "dst"
    source.write_bytes(os.urandom(3 * MIB + 123))
    with open(destination, "wb") as f:
        f.truncate(3 * MIB + 123)
    copied = io("copy", str(source), str(destination), "--verify", "--json")
    assert copied.returncode == 0, copied.stderr
    report = json.loads(copied.stdout)
    assert report["operation"] == "copy" and report["verified"] is True
    assert report["bytes_written"] + report["bytes_skipped"] == 3 * MIB + 123
    assert destination.read_bytes() == source.read_bytes()

    wiped = io("wipe", str(destination), "--method", "write", "--engine", "aio", "--json")
    assert wiped.returncode == 0, wiped.stderr
    assert json.loads(wiped.stdout)["engine"] == "aio"
    assert destination.read_bytes() == bytes(3 * MIB + 123)

    probed = io("probe", str(source), "--json")
    assert json.loads(probed.stdout)["kind"] == "file"


def test_errors_are_one_line_and_non_zero(tmp_path):
    small = tmp_path / "small"
    small.write_bytes(b"x" * 10)
    big = tmp_path / "big"
    big.write_bytes(b"y" * 4096)
    for args, message in [
        (("copy", str(big), str(small)), "smaller than the source"),
        (("wipe", "/dev/null"), "neither a regular file nor a block device"),
        (("probe", str(tmp_path / "missing")), "No such file or directory"),
    ]:
        result = io(*args)
        assert result.returncode != 0
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    refused = io("copy", str(big), str(small), "--block-size", "1000")
    assert refused.returncode != 0 and "--block-size" in refused.stderr
