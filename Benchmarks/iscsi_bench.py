#!/usr/bin/env python3
"""Ember's iSCSI export against a plain tgtd export of the same kind of file, in the same run.

Five exports of a 1 GiB file of random data in one directory, each behind its own tgtd on loopback:
  - Ember: `ember serve --iscsi` (its own tgtd), a volume attached through the attachments API: CHAP,
    an initiator ACL, `rdwr` backing store, as an initiator gets it;
  - plain tgtd: the same `tgtd` flags, `rdwr`, no CHAP, ACL ALL (the peer the issue names);
  - plain tgtd with `--bsoflags direct`: its backing file opened O_DIRECT (no page cache in tgtd);
  - the same with Ember's initiator ACL, then with the ACL and CHAP: Ember's export made by hand,
    to tell which of its differences from the plain one costs what.
Each run starts with the page cache dropped (so neither file is served from memory left by the other),
and the exports are interleaved over rounds: sequential reads and writes of 128 KiB requests, 32 in
flight (`qemu-img bench` over libiscsi), and 4 KiB random reads, 32 in flight (`iscsi-perf -r`).
Needs root (tgtd, drop_caches). A benchmark, not a test: it never fails on a slow machine.
Usage: sudo python3 Benchmarks/iscsi_bench.py --ember BIN [--rounds 3] [--json FILE]
"""
import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_bench import Server  # noqa: E402

GIB = 1 << 30
INITIATOR = "iqn.1994-05.com.example:bench"
HEADERS = {"X-Auth-Token": "bench:bench:admin", "OpenStack-API-Version": "volume 3.60"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill(path):
    chunk = os.urandom(4 << 20)
    with open(path, "r+b" if os.path.exists(path) else "wb") as file:
        for _ in range(GIB // len(chunk)):
            file.write(chunk)
        os.fsync(file.fileno())


class PlainTgtd:
    """A tgtd started as Ember starts its own, exporting `path`: to every initiator with no CHAP, or,
    to find what costs Ember's export its rate, with Ember's initiator ACL (`acl`) and CHAP (`chap`)."""

    def __init__(self, path, direct, acl=False, chap=False):
        self.port = free_port()
        self.control = str(self.port % 10000)
        self.process = subprocess.Popen(["tgtd", "-f", "-C", self.control, "--iscsi", f"portal=127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.iqn = f"iqn.2010-10.org.example:plain-{'direct' if direct else 'cached'}{'-acl' if acl else ''}{'-chap' if chap else ''}"
        for _ in range(100):
            if self.tgtadm("--mode", "target", "--op", "show", check=False).returncode == 0:
                break
            time.sleep(0.1)
        self.tgtadm("--mode", "target", "--op", "new", "--tid", "1", "--targetname", self.iqn)
        lun = ["--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun", "1", "--backing-store", path, "--bstype", "rdwr"]
        self.tgtadm(*lun, *(["--bsoflags", "direct"] if direct else []))
        if acl:
            self.tgtadm("--mode", "target", "--op", "bind", "--tid", "1", "--initiator-name", INITIATOR)
        else:
            self.tgtadm("--mode", "target", "--op", "bind", "--tid", "1", "--initiator-address", "ALL")
        login, credentials = "", ""
        if chap:
            user, secret = "bench", uuid.uuid4().hex[:16]
            self.tgtadm("--mode", "account", "--op", "new", "--user", user, "--password", secret)
            self.tgtadm("--mode", "account", "--op", "bind", "--tid", "1", "--user", user)
            login, credentials = f"{user}%{secret}@", f"user={user},password={secret},"
        self.opts = f"driver=iscsi,transport=tcp,portal=127.0.0.1:{self.port},target={self.iqn},lun=1,{credentials}initiator-name={INITIATOR}"
        self.url = f"iscsi://{login}127.0.0.1:{self.port}/{self.iqn}/1"

    def tgtadm(self, *args, check=True):
        return subprocess.run(["tgtadm", "-C", self.control, "--lld", "iscsi", *args], capture_output=True, text=True, check=check)

    def stop(self):
        self.tgtadm("--mode", "target", "--op", "delete", "--force", "--tid", "1", check=False)
        self.process.send_signal(signal.SIGTERM)  # tgtd ignores it while it has targets
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class EmberExport:
    """`ember serve --iscsi` with one 1 GiB volume of random data, attached for INITIATOR."""

    def __init__(self, ember, data_dir):
        self.portal_port = free_port()
        self.server = Server(ember, data_dir, args=("--auth", "noauth", "--iscsi", "--iscsi-portal", f"127.0.0.1:{self.portal_port}"))
        base = f"{self.server.base}/v3/bench"
        volume = requests.post(f"{base}/volumes", headers=HEADERS, json={"volume": {"size": 1}}, timeout=30).json()["volume"]
        for _ in range(600):
            if requests.get(f"{base}/volumes/{volume['id']}", headers=HEADERS, timeout=30).json()["volume"]["status"] == "available":
                break
            time.sleep(0.05)
        fill(os.path.join(data_dir, "volumes", f"volume-{volume['id']}"))
        body = {"attachment": {"volume_uuid": volume["id"], "instance_uuid": str(uuid.uuid4()),
                               "connector": {"initiator": INITIATOR, "host": "bench", "ip": "127.0.0.1"}}}
        data = requests.post(f"{base}/attachments", headers=HEADERS, json=body, timeout=60).json()["attachment"]["connection_info"]["data"]
        user, secret = data["auth_username"], data["auth_password"]
        self.opts = (f"driver=iscsi,transport=tcp,portal={data['target_portal']},target={data['target_iqn']},lun={data['target_lun']},"
                     f"user={user},password={secret},initiator-name={INITIATOR}")
        self.url = f"iscsi://{user}%{secret}@{data['target_portal']}/{data['target_iqn']}/{data['target_lun']}"

    def stop(self):
        self.server.stop()


def drop_caches():
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as caches:
        caches.write("3")


def sequential(export, write):
    """MB/s of 1 GiB in 128 KiB requests, 32 in flight, through qemu's libiscsi driver."""
    argv = ["qemu-img", "bench", "--image-opts", export.opts, "-d", "32", "-s", "128K", "-c", str(GIB // (128 << 10))]
    start = time.perf_counter()
    subprocess.run(argv + (["-w"] if write else []), check=True, capture_output=True, timeout=600)
    return GIB / (time.perf_counter() - start) / 1e6


def random_reads(export, seconds=8):
    """4 KiB random reads, 32 in flight, for `seconds` (iscsi-perf prints its rate each second): the median of
    its per-second rates after the first."""
    process = subprocess.Popen(["iscsi-perf", "-i", INITIATOR, "-r", "-m", "32", "-b", "8", export.url],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(seconds)
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=30)[0]
    rates = [float(value) for value in re.findall(r"iops current (\d+)", output)]
    if not rates:
        raise RuntimeError(f"iscsi-perf printed no rate: {output[-300:]}")
    return statistics.median(rates[1:] or rates)


def measure(ember, rounds):
    with tempfile.TemporaryDirectory(prefix="ember-iscsi-", dir="/var/tmp") as work:
        exports = {}
        try:
            exports["ember (CHAP, ACL)"] = EmberExport(ember, os.path.join(work, "data"))
            # Ember's export is plain tgtd, direct, plus an ACL and CHAP: the last two rows add those
            # one at a time, so a gap between Ember and plain direct falls to one of them or to neither.
            for name, direct, acl, chap in (("plain tgtd", False, False, False), ("plain tgtd, direct", True, False, False),
                                            ("plain, direct, ACL", True, True, False), ("plain, direct, ACL, CHAP", True, True, True)):
                path = os.path.join(work, f"{name.replace(' ', '').replace(',', '-')}.img")
                fill(path)
                exports[name] = PlainTgtd(path, direct, acl, chap)
            runs = {}
            for _ in range(rounds):
                for name, export in exports.items():
                    for test, run in (("seq read MB/s", lambda: sequential(export, False)),
                                      ("seq write MB/s", lambda: sequential(export, True)),
                                      ("4K random read IOPS", lambda: random_reads(export))):
                        drop_caches()
                        runs.setdefault(test, {}).setdefault(name, []).append(run())
        finally:
            for export in exports.values():
                export.stop()
    return {test: {name: {"median": statistics.median(values), "runs": values} for name, values in by_export.items()}
            for test, by_export in runs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root: tgtd and drop_caches")
    results = measure(args.ember, args.rounds)
    print(f"{'test (page cache dropped before each)':38} {'export':22} {'median':>10} {'x plain tgtd':>12}  runs")
    for test, by_export in results.items():
        plain = by_export["plain tgtd"]["median"]
        for name, row in by_export.items():
            print(f"{test:38} {name:22} {row['median']:10.0f} {row['median'] / plain:12.2f}  {[round(v) for v in row['runs']]}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump(results, out)
    print(json.dumps({test: {name: row["median"] for name, row in by.items()} for test, by in results.items()}))


if __name__ == "__main__":
    main()
