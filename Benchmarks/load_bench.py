#!/usr/bin/env python3
"""Control-plane throughput of `ember serve` under a native load generator (wrk with
`Benchmarks/wrk/volumes.lua`; no Python client in the way): creates per second to available with 1
and 32 connections (with 32, each volume polled every `loadgen.POLL_MS`, and once every 1 ms as the
reports before 2026-12-03's third did; with one, every 1 ms), deletes per second to gone,
`GET /volumes/detail` requests per second (limit 100 and the whole 1,000), and that listing's p50
and p99 alone and while 32 connections create volumes.

The data directory is an XFS file system on a sparse 2 TiB loop image when run as root, so the file
backend's capacity (20 times its size) never stops the creates; elsewhere a temporary directory.
Prints a table and writes JSON. A benchmark, not a test: it never fails on a slow machine.
Usage: python3 Benchmarks/load_bench.py --ember BINARY [--seconds 8] [--json FILE]
"""
import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadgen  # noqa: E402
from api_bench import Server  # noqa: E402

ADMIN = {"X-Auth-Token": "bench:bench:admin"}
PREFIX = "/v3/bench"


def write_json(path, report):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as out:
        json.dump(report, out)


@contextlib.contextmanager
def data_directory():
    """A directory for `ember serve --data-dir`: on a 2 TiB sparse XFS image when root, else plain."""
    with tempfile.TemporaryDirectory(prefix="ember-load-") as work:
        if os.geteuid() != 0:
            yield os.path.join(work, "data")
            return
        image, mount = os.path.join(work, "xfs.img"), os.path.join(work, "mnt")
        os.mkdir(mount)
        subprocess.run(["truncate", "-s", "2T", image], check=True)
        subprocess.run(["mkfs.xfs", "-q", "-f", image], check=True)
        subprocess.run(["mount", "-o", "loop", image, mount], check=True)
        try:
            yield os.path.join(mount, "data")
        finally:
            subprocess.run(["umount", mount], check=False)


def listing_while(server, load, seconds):
    """GET /volumes/detail?limit=100 (wrk, 4 connections) while `load()` runs in a thread."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(load=load()))
    worker.start()
    result["listing"] = loadgen.requests_per_second(f"{server.base}{PREFIX}/volumes/detail?limit=100", ADMIN, 4, seconds - 2)
    worker.join()
    return result


def volume_ids(server, count):
    listed = requests.get(f"{server.base}{PREFIX}/volumes?limit={count}", headers=ADMIN, timeout=60)
    listed.raise_for_status()
    return [volume["id"] for volume in listed.json()["volumes"]]


def strip(figures):
    """The figures without their raw latency list (written to the JSON file only)."""
    return {key: value for key, value in figures.items() if key != "latencies_ms"}


def measure(binary, seconds):
    with data_directory() as data:
        server = Server(binary, data)
        try:
            server.lift_quotas()
            base = server.base
            # One connection polls every 1 ms: its cycle is one create's latency, which a 10 ms poll would round up.
            figures = {"creates_1": loadgen.creates(base, PREFIX, ADMIN, 1, seconds, poll_ms=1),
                       "creates_32": loadgen.creates(base, PREFIX, ADMIN, 32, seconds),
                       "creates_32_polled_every_1ms": loadgen.creates(base, PREFIX, ADMIN, 32, seconds, poll_ms=1)}
            figures["listing_100_alone"] = loadgen.requests_per_second(f"{base}{PREFIX}/volumes/detail?limit=100", ADMIN, 4, seconds)
            figures["listing_1000_alone"] = loadgen.requests_per_second(f"{base}{PREFIX}/volumes/detail?limit=1000", ADMIN, 4, seconds)
            during = listing_while(server, lambda: loadgen.creates(base, PREFIX, ADMIN, 32, seconds), seconds)
            figures["creates_32_with_listing"], figures["listing_100_during_creates"] = during["load"], during["listing"]
            figures["deletes_8"] = loadgen.deletes(base, PREFIX, ADMIN, volume_ids(server, 1000), 8, seconds * 4)
            figures["peak_rss_mib"] = server.peak_rss_mib()
        finally:
            figures["exit_status"] = server.stop()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", required=True)
    parser.add_argument("--seconds", type=int, default=8, help="each load's duration")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if not loadgen.available():
        raise SystemExit("wrk is missing: bash scripts/setup.sh installs it")
    figures = measure(args.ember, args.seconds)
    print(f"32 connections poll each volume every {loadgen.POLL_MS} ms unless named otherwise, one every 1 ms; requests per cycle include the polls")
    print(f"{'load (wrk, ember serve)':44} {'per s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'req/cycle':>10}")
    for name in ["creates_1", "creates_32", "creates_32_polled_every_1ms", "creates_32_with_listing", "deletes_8",
                 "listing_100_alone", "listing_1000_alone", "listing_100_during_creates"]:
        f = figures[name]
        per_cycle = f"{f['requests'] / f['completed']:10.1f}" if f.get("requests") and f.get("completed") else f"{'':10}"
        print(f"{name:44} {f['per_s']:9.1f} {f['p50_ms']:9.2f} {f['p99_ms']:9.2f} {f['errors']:7d} {per_cycle}")
    alone, loaded = figures["listing_100_alone"], figures["listing_100_during_creates"]
    print(f"listing p99/p50 while creates run: {loaded['p99_ms'] / loaded['p50_ms']:.2f} (alone {alone['p99_ms'] / alone['p50_ms']:.2f}); "
          f"peak RSS {figures['peak_rss_mib']:.1f} MiB; exit status {figures['exit_status']}")
    if args.json:  # with each load's latencies, for the report's CDFs
        write_json(args.json, figures)
    print(json.dumps({name: strip(value) if isinstance(value, dict) else value for name, value in figures.items()}))


if __name__ == "__main__":
    main()
