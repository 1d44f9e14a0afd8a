#!/usr/bin/env python3
"""Interleaved comparison of two or more `ember serve` binaries on creates: the way to tell whether
a change to the control plane made it faster on a machine whose speed drifts by tens of percent
within minutes. Each round runs every binary once, in turn, on a fresh data directory: wrk's creates
(`loadgen.creates`, 32 connections polling every `loadgen.POLL_MS`) for `--seconds`, then a graceful
stop whose `wait4` gives the server's whole-process CPU time and context switches.

Per binary and round: creates per second to available, server CPU per create, context switches per
create (voluntary and involuntary, every thread), HTTP requests per create (polls included) and the
create-to-available p50. Compare a binary with the one run beside it in the same round: CPU and
switches per create move far less with the machine's speed than the rate does.
Prints a table and writes JSON. A benchmark, not a test: it never fails on a slow machine.
Usage: python3 Benchmarks/compare_bench.py --ember OLD --ember NEW [--rounds 3] [--seconds 10] [--json FILE]
"""
import argparse
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadgen  # noqa: E402
from api_bench import Server  # noqa: E402
from load_bench import ADMIN, PREFIX, data_directory, write_json  # noqa: E402


def measure(binary, seconds, connections):
    """One binary's creates on a fresh data directory, with its rusage once it has stopped."""
    with data_directory() as data:
        server = Server(binary, data)
        try:
            server.lift_quotas()
            creates = loadgen.creates(server.base, PREFIX, ADMIN, connections, seconds)
        finally:
            server.process.send_signal(signal.SIGTERM)
            _, status, usage = os.wait4(server.process.pid, 0)
            server.process.returncode = os.waitstatus_to_exitcode(status)
    done = max(creates["completed"], 1)
    return {"creates_per_s": creates["per_s"], "cpu_ms_per_create": 1000 * (usage.ru_utime + usage.ru_stime) / done,
            "switches_per_create": (usage.ru_nvcsw + usage.ru_nivcsw) / done,
            "requests_per_create": (creates["requests"] or 0) / done, "p50_ms": creates["p50_ms"],
            "errors": creates["errors"], "exit_status": server.process.returncode}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", action="append", required=True, help="a binary; give two or more")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if not loadgen.available():
        raise SystemExit("wrk is missing: bash scripts/setup.sh installs it")
    print(f"{args.connections} connections create for {args.seconds} s, polling every {loadgen.POLL_MS} ms; binaries in turn, each round")
    print(f"{'round':>5} {'binary':40} {'creates/s':>10} {'CPU ms':>7} {'switches':>9} {'requests':>9} {'p50 ms':>7}  (per create)")
    rows = []
    for round_number in range(1, args.rounds + 1):
        for binary in args.ember:
            row = {"round": round_number, "binary": binary, **measure(binary, args.seconds, args.connections)}
            rows.append(row)
            print(f"{round_number:5d} {binary[-40:]:40} {row['creates_per_s']:10.1f} {row['cpu_ms_per_create']:7.2f} "
                  f"{row['switches_per_create']:9.1f} {row['requests_per_create']:9.2f} {row['p50_ms']:7.1f}", flush=True)
    if args.json:
        write_json(args.json, rows)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
