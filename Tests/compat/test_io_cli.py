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


def test_batch_runs_copies_and_wipes_at_once_within_one_budget(tmp_path):
    pairs = []
    for index in range(3):
        source, destination = tmp_path / f"src{index}", tmp_path / f"dst{index}"
        source.write_bytes(os.urandom(6 * MIB))
        with open(destination, "wb") as f:
            f.truncate(6 * MIB)
        pairs.append((source, destination))
    target = tmp_path / "wipe"
    target.write_bytes(os.urandom(2 * MIB))
    args = ["batch", "--budget", "2", "--json", "--wipe", str(target)]
    for source, destination in pairs:
        args += ["--copy", str(source), str(destination)]
    ran = io(*args)
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert [op["operation"] for op in report["operations"]] == ["copy", "copy", "copy", "wipe"]
    assert len(report["finished"]) == 4 and max(report["finished"]) <= report["seconds"]
    # Four operations in 2 MiB: one request each (4 MiB copies, 1 MiB wipe) over the budget at most.
    assert report["budget_bytes"] == 2 * MIB and 0 < report["peak_bytes_in_flight"] <= 2 * MIB + 3 * 4 * MIB + MIB
    for source, destination in pairs:
        assert destination.read_bytes() == source.read_bytes()
    assert target.read_bytes() == bytes(2 * MIB)

    odd = io("batch", "--copy", str(pairs[0][0]))
    assert odd.returncode != 0 and "--copy takes a source and a destination" in odd.stderr
    missing = io("batch", "--copy", str(tmp_path / "missing"), str(pairs[0][1]))
    assert missing.returncode != 0 and missing.stdout == "" and len(missing.stderr.strip().splitlines()) == 1
