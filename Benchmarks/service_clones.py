"""Concurrent clones through `ember serve` (the service part of concurrency_bench.py): its data dir on
XFS without reflink, so each clone is a real copy by the volume service; `volumes` volumes in the
database; then `clones` clones of one 1 GiB volume of random data at once. Measures each clone's
time to available, their fairness, `GET /volumes/detail?limit=100` (wrk, one connection) alone and
while the clones run, and the server's peak RSS over the clones (VmHWM, reset before them)."""
import contextlib
import os
import subprocess
import tempfile
import threading
import time

import requests

import loadgen
from api_bench import Server

ADMIN = {"X-Auth-Token": "bench:bench:admin"}
PREFIX = "/v3/bench"
GIB = 1 << 30


@contextlib.contextmanager
def xfs_without_reflink():
    """A sparse 2 TiB XFS image on a loop device with direct I/O: the clones' writes reach the disk
    instead of filling this host's page cache (one clone alone would otherwise run from memory)."""
    with tempfile.TemporaryDirectory(prefix="ember-clones-", dir="/var/tmp") as work:
        image, mount = os.path.join(work, "xfs.img"), os.path.join(work, "mnt")
        os.mkdir(mount)
        subprocess.run(["truncate", "-s", "2T", image], check=True)
        loop = subprocess.run(["losetup", "--direct-io=on", "--find", "--show", image], check=True, capture_output=True,
                              text=True).stdout.strip()
        try:
            subprocess.run(["mkfs.xfs", "-q", "-f", "-m", "reflink=0", loop], check=True)
            subprocess.run(["mount", loop, mount], check=True)
            try:
                yield os.path.join(mount, "data")
            finally:
                subprocess.run(["umount", mount], check=False)
        finally:
            subprocess.run(["losetup", "--detach", loop], check=False)


def wait_available(server, volume_id, poll=0.02, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = requests.get(f"{server.base}{PREFIX}/volumes/{volume_id}", headers=ADMIN, timeout=30).json()["volume"]["status"]
        if status == "available":
            return
        if status == "error":
            raise RuntimeError(f"volume {volume_id} went to error")
        time.sleep(poll)
    raise RuntimeError(f"volume {volume_id} not available within {timeout} s")


def create(server, body):
    response = requests.post(f"{server.base}{PREFIX}/volumes", headers=ADMIN, json={"volume": body}, timeout=30)
    response.raise_for_status()
    return response.json()["volume"]["id"]


def fill_database(server, data, volumes):
    """Creates volumes with wrk (32 connections) until `volumes` exist."""
    directory = os.path.join(data, "volumes")
    while len(os.listdir(directory)) < volumes:
        loadgen.creates(server.base, PREFIX, ADMIN, 32, 5)
    return len(os.listdir(directory))


def random_source(server, data):
    volume_id = create(server, {"size": 1})
    wait_available(server, volume_id)
    chunk = os.urandom(4 << 20)
    with open(os.path.join(data, "volumes", f"volume-{volume_id}"), "r+b") as file:
        for _ in range(GIB // len(chunk)):
            file.write(chunk)
        os.fsync(file.fileno())
    return volume_id


def clone_all(server, source, count):
    """`count` clones posted at once; each one's seconds to available."""
    seconds = [0.0] * count

    def one(index):
        start = time.perf_counter()
        wait_available(server, create(server, {"size": 1, "source_volid": source}))
        seconds[index] = time.perf_counter() - start
    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    return threads, seconds


def measure_one(ember, volumes, clones, inflight_mib):
    with xfs_without_reflink() as data:
        server = Server(ember, data, args=("--auth", "noauth", "--volume-copy-inflight", str(inflight_mib)))
        try:
            server.lift_quotas()
            figures = {"inflight_mib": inflight_mib, "volumes": fill_database(server, data, volumes)}
            source = random_source(server, data)
            listing = f"{server.base}{PREFIX}/volumes/detail?limit=100"
            figures["listing_alone"] = loadgen.requests_per_second(listing, ADMIN, 1, 5, threads=1)
            threads, alone = clone_all(server, source, 1)
            threads[0].join()
            figures["single_mb_s"] = GIB / alone[0] / 1e6
            figures["rss_before_mib"] = server.rss_mib()
            server.reset_peak_rss()
            start = time.perf_counter()
            threads, seconds = clone_all(server, source, clones)
            figures["listing_during_clones"] = loadgen.requests_per_second(listing, ADMIN, 1, 4, threads=1)
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
            figures.update(clone_seconds=seconds, aggregate_mb_s=clones * GIB / wall / 1e6, fairness=max(seconds) / min(seconds),
                           peak_rss_mib=server.peak_rss_mib())
            figures["x_single"] = figures["aggregate_mb_s"] / figures["single_mb_s"]
        finally:
            figures["exit_status"] = server.stop()
    return figures


def measure(ember, volumes, clones, budgets=(32, 4096)):
    """The default budget, and one so large that every clone keeps its own queue depth (16 x 4 MiB)."""
    return [measure_one(ember, volumes, clones, budget) for budget in budgets]


def print_figures(runs):
    print(f"\n{'ember serve, 8 clones of 1 GiB at once':40} {'aggregate MB/s':>14} {'x one alone':>11} {'slowest/fastest':>15} "
          f"{'peak RSS MiB':>12} {'list p50 ms':>11} {'list p99 ms':>11}")
    for run in runs:
        alone, during = run["listing_alone"], run["listing_during_clones"]
        label = f"--volume-copy-inflight {run['inflight_mib']}, {run['volumes']} volumes"
        print(f"{label:40} {run['aggregate_mb_s']:14.0f} {run['x_single']:11.2f} {run['fairness']:15.2f} {run['peak_rss_mib']:12.1f} "
              f"{during['p50_ms']:11.2f} {during['p99_ms']:11.2f}  (alone: p50 {alone['p50_ms']:.2f}, p99 {alone['p99_ms']:.2f}; "
              f"RSS before {run['rss_before_mib']:.1f})")
