#!/usr/bin/env python3
"""Control-plane benchmark of distributed mode: PostgreSQL 15 and RabbitMQ (the project's scripts, on
loopback), `ember api`, `ember scheduler` and `ember volume` as separate processes on this machine.
The figures of `api_bench.py` (create-to-available with 1 and 16 clients, GET /volumes/detail of 1,000
volumes), plus sequential delete-to-gone, each process's peak RSS and their PSS, beside Cinder 29's distributed
figures on the same kind of machine.

Prints a table and writes JSON. A benchmark, not a test: it never fails on a slow machine.
Also a listing-heavy load (wrk) on one API process against `ember api --workers 2`.
Usage: python3 Benchmarks/distributed_bench.py --ember BINARY [--creates 400] [--deletes 200] [--listing-seconds 10] [--json FILE]
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_bench import HEADERS, percentile, print_table, run_creates, run_detail, write_report  # noqa: E402
from identity_bench import wrk  # noqa: E402
import loadgen  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ADMIN = {"X-Auth-Token": "bench:bench:admin", "Content-Type": "application/json"}

# Cinder 29 on PostgreSQL 15 and RabbitMQ on this kind of machine, as issue 16 reports them; they were
# not measured by this script.
CINDER_DISTRIBUTED = {
    "create_seq_per_s": 6.57, "create_seq_p50_ms": 151, "create_seq_p99_ms": 210,
    "create_16_per_s": 7.04, "create_16_p50_ms": 2070, "create_16_p99_ms": 3950,
    "detail_900_p50_ms": 241, "delete_per_s": 8.67, "rss_mb": 995, "rabbitmq_rss_mb": 123,
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def wait(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not happen within {seconds} s")


def rss_mib(pid, field="VmHWM"):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def pss_mib(pid):
    """Proportional set size: pages shared with other processes (the one `ember` binary's code, which
    all three map) counted in shares, so the sum over processes is the memory they take together."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, IndexError, ValueError):
                pass
    return found


class Deployment:
    def __init__(self, binary, work):
        self.work, self.processes = work, {}
        stop_with = {**os.environ, "EMBER_STOP_WITH_PID": str(os.getpid())}
        self.pg_dir = f"/var/tmp/ember-bench-pg-{os.getpid()}"
        self.pg_port, self.rabbit_port = free_port(), 41000 + os.getpid() % 3000
        self.rabbit_dir = os.path.join(work, "rabbit")
        self.servers = [
            subprocess.Popen(["bash", f"{ROOT}/scripts/postgres.sh", self.pg_dir, str(self.pg_port)], env=stop_with,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
            subprocess.Popen(["bash", f"{ROOT}/scripts/rabbitmq.sh", self.rabbit_dir, str(self.rabbit_port)], env=stop_with,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        ]
        wait(lambda: port_open(self.pg_port) and port_open(self.rabbit_port), 90, "PostgreSQL and RabbitMQ starting")
        urls = ["--database-url", f"postgresql://ember:ember-test@127.0.0.1:{self.pg_port}/ember",
                "--transport-url", f"rabbit://ember:ember-test@127.0.0.1:{self.rabbit_port}/"]
        data = os.path.join(work, "data")
        migrate = [binary, "db", "migrate", "--data-dir", data, *urls[:2]]
        wait(lambda: subprocess.run(migrate, capture_output=True).returncode == 0, 60, "the migration")
        common = ["--auth", "noauth", "--data-dir", data, "--log-level", "warning", *urls]
        self.binary, self.common = binary, common
        self.processes["api"], self.port = self.start_api()
        self.processes["scheduler"] = subprocess.Popen([binary, "scheduler", *common, "--host", "bench-scheduler"])
        self.processes["volume"] = subprocess.Popen([binary, "volume", *common, "--host", "bench@file"])
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/v3/bench"
        wait(self.volume_up, 60, "the volume service reporting")
        requests.put(f"{self.url}/os-quota-sets/bench", headers=ADMIN,
                     json={"quota_set": {"volumes": -1, "gigabytes": -1}}, timeout=30).raise_for_status()

    def start_api(self, workers=1):
        """An `ember api` (with `workers` processes on its address) on a free port: its process and port."""
        port = free_port()
        process = subprocess.Popen([self.binary, "api", *self.common, "--listen", f"127.0.0.1:{port}", "--workers", str(workers)],
                                   stdout=subprocess.PIPE, text=True)
        if "listening on" not in process.stdout.readline():
            raise SystemExit("ember api did not start")
        return process, port

    def volume_up(self):
        services = requests.get(f"{self.url}/os-services", headers=ADMIN, timeout=30).json().get("services", [])
        return any(s["binary"] == "cinder-volume" and s["state"] == "up" for s in services)

    def rss(self):
        figures = {name: rss_mib(process.pid) for name, process in self.processes.items()}
        figures["pss_api_scheduler_volume"] = sum(pss_mib(process.pid) for process in self.processes.values())
        with open(os.path.join(self.pg_dir, "postmaster.pid")) as pid_file:
            postmaster = int(pid_file.readline())
        figures["postgresql"] = sum(rss_mib(pid, "VmRSS") for pid in [postmaster, *children(postmaster)])
        beam = subprocess.run(["pgrep", "-f", "--", f"-home {self.rabbit_dir} -epmd_port"], capture_output=True, text=True)
        figures["rabbitmq"] = sum(rss_mib(int(pid), "VmRSS") for pid in beam.stdout.split())
        return figures

    def stop(self):
        statuses = {}
        for name, process in self.processes.items():
            process.send_signal(signal.SIGTERM)
            statuses[name] = process.wait(timeout=60)
        subprocess.run(["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "stop", "-D", self.pg_dir,
                        "-m", "fast"], capture_output=True)
        subprocess.run(["pkill", "-TERM", "-f", "--", f"-home {self.rabbit_dir} -epmd_port"])
        for server in self.servers:
            server.wait(timeout=60)
        return statuses


def run_deletes(url, count):
    """Deletes `count` volumes one after another, each until GET says 404."""
    session = requests.Session()
    ids = [v["id"] for v in session.get(f"{url}/volumes", headers=HEADERS).json()["volumes"]][:count]
    latencies = []
    start = time.perf_counter()
    for volume_id in ids:
        began = time.perf_counter()
        session.delete(f"{url}/volumes/{volume_id}", headers=HEADERS).raise_for_status()
        while session.get(f"{url}/volumes/{volume_id}", headers=HEADERS).status_code != 404:
            time.sleep(0.0005)
        latencies.append(time.perf_counter() - began)
    elapsed = time.perf_counter() - start
    return {"deletes": len(ids), "per_s": len(ids) / elapsed, "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * percentile(latencies, 0.99)}


def native_creates(deployment, seconds):
    """Creates to available from wrk (Benchmarks/wrk/volumes.lua, polling every loadgen.POLL_MS) on 1 and 16
    connections: the same figures with no Python client taking the machine's two cores."""
    figures = {}
    for connections in (1, 16):
        result = loadgen.creates(deployment.base, "/v3/bench", HEADERS, connections, seconds)
        result.pop("latencies_ms")
        figures[f"creates_{connections}"] = result
    return figures


def compare_workers(deployment, seconds):
    """A listing-heavy load (wrk, 2 threads, 16 connections, GET /volumes/detail?limit=100) on the
    benchmark's one-process API and on a second API of `--workers 2` over the same database."""
    path = "/v3/bench/volumes/detail?limit=100"
    results = {"workers_1": wrk(f"http://127.0.0.1:{deployment.port}{path}", HEADERS, seconds)}
    process, port = deployment.start_api(workers=2)
    try:
        time.sleep(2)  # the second worker binds once the first listens
        results["workers_2"] = wrk(f"http://127.0.0.1:{port}{path}", HEADERS, seconds)
    finally:
        process.send_signal(signal.SIGTERM)
        results["workers_2_exit_status"] = process.wait(timeout=60)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", required=True)
    parser.add_argument("--creates", type=int, default=400)
    parser.add_argument("--deletes", type=int, default=200)
    parser.add_argument("--detail-rounds", type=int, default=50)
    parser.add_argument("--listing-seconds", type=int, default=10, help="each wrk run of the --workers 1 against 2 listing load")
    parser.add_argument("--native-seconds", type=int, default=8, help="each wrk create load (1 and 16 connections)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ember-dist-bench-")
    deployment = Deployment(args.ember, work)
    try:
        sequential = run_creates(deployment.url, 1, args.creates // 4)
        concurrent = run_creates(deployment.url, 16, args.creates)
        native = native_creates(deployment, args.native_seconds)
        detail = run_detail(deployment.url, 1000, args.detail_rounds)
        rss = deployment.rss()
        listing = compare_workers(deployment, args.listing_seconds)
        deletes = run_deletes(deployment.url, args.deletes)
    finally:
        statuses = deployment.stop()
        shutil.rmtree(work, ignore_errors=True)

    ref = CINDER_DISTRIBUTED
    ember_rss = rss["api"] + rss["scheduler"] + rss["volume"]
    rows = [
        ("creates/s, 1 client", sequential["per_s"], ref["create_seq_per_s"], True),
        ("create->available p50 ms, 1 client", sequential["p50_ms"], ref["create_seq_p50_ms"], False),
        ("create->available p99 ms, 1 client", sequential["p99_ms"], ref["create_seq_p99_ms"], False),
        ("creates/s, 16 clients", concurrent["per_s"], ref["create_16_per_s"], True),
        ("create->available p50 ms, 16 clients", concurrent["p50_ms"], ref["create_16_p50_ms"], False),
        ("create->available p99 ms, 16 clients", concurrent["p99_ms"], ref["create_16_p99_ms"], False),
        ("errors, 1 and 16 clients", sequential["errors"] + concurrent["errors"], None, False),
        ("creates/s, wrk 1 connection", native["creates_1"]["per_s"], ref["create_seq_per_s"], True),
        ("create->available p50 ms, wrk 1 conn.", native["creates_1"]["p50_ms"], ref["create_seq_p50_ms"], False),
        ("create->available p99 ms, wrk 1 conn.", native["creates_1"]["p99_ms"], ref["create_seq_p99_ms"], False),
        ("creates/s, wrk 16 connections", native["creates_16"]["per_s"], ref["create_16_per_s"], True),
        ("create->available p50 ms, wrk 16 conn.", native["creates_16"]["p50_ms"], ref["create_16_p50_ms"], False),
        ("create->available p99 ms, wrk 16 conn.", native["creates_16"]["p99_ms"], ref["create_16_p99_ms"], False),
        ("errors, wrk", native["creates_1"]["errors"] + native["creates_16"]["errors"], None, False),
        ("GET /volumes/detail p50 ms, 1000 vols", detail["p50_ms"], ref["detail_900_p50_ms"], False),
        ("GET /volumes/detail p99 ms, 1000 vols", detail["p99_ms"], None, False),
        ("deletes/s, 1 client", deletes["per_s"], ref["delete_per_s"], True),
        ("peak RSS MiB, api+scheduler+volume", ember_rss, ref["rss_mb"], False),
        ("PSS MiB, api+scheduler+volume", rss["pss_api_scheduler_volume"], ref["rss_mb"], False),
        ("RSS MiB, RabbitMQ", rss["rabbitmq"], ref["rabbitmq_rss_mb"], False),
        ("RSS MiB, PostgreSQL (all backends)", rss["postgresql"], None, False),
    ]
    print_table(rows)
    if listing["workers_1"] and listing["workers_2"]:
        one, two = listing["workers_1"], listing["workers_2"]
        print(f"listing load (wrk -c16, GET /volumes/detail?limit=100): --workers 1 {one['per_s']:.0f} req/s p99 {one['p99_ms']:.1f} ms, "
              f"--workers 2 {two['per_s']:.0f} req/s p99 {two['p99_ms']:.1f} ms ({two['per_s'] / one['per_s']:.2f}x), "
              f"non-2xx {one['errors']} and {two['errors']}")
    print(f"exit statuses after SIGTERM: {statuses}, --workers 2: {listing['workers_2_exit_status']}")
    write_report(args.json, {"sequential": sequential, "concurrent": concurrent, "native": native, "detail": detail, "deletes": deletes, "listing": listing,
                             "rss_mib": rss, "exit_statuses": statuses, "cinder_reference_not_measured_here": ref})


if __name__ == "__main__":
    sys.exit(main())
