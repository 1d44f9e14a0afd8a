#!/usr/bin/env python3
"""Concurrent operations on one disk: 1, 2, 4 and 8 copies (and wipes by writes) at once.

Part 1, the data path on loop devices whose backing files share this machine's disk, interleaved over
rounds, three ways:
  - `ember io batch`: the operations in one process sharing one device budget, as the volume service's
    operations on one backend do (`--volume-copy-inflight`, default 32 MiB);
  - `ember io copy` / `wipe`, one process each: every operation keeps its own queue depth;
  - `dd`, one process each, as Cinder runs its copies and wipes, with no coordination.
For each: the aggregate rate against one `ember io` operation alone (the single-operation ceiling), the
fairness (the slowest operation's time over the fastest's, all started together), peak memory (summed
over processes) and CPU per GiB.

Part 2, through `ember serve` (unless `--no-service`): its data dir on XFS without reflink (so a clone is a
real copy), 10,000 volumes in the database, then 8 clones of a 1 GiB volume of random data at once:
clone-to-available times and their fairness, against one clone alone, `GET /volumes/detail?limit=100` p50 and p99 (wrk, one
connection) alone and while the clones run, and the server's peak RSS over the clones.

Needs root (loop devices, mount). A benchmark, not a test: it never fails on a slow machine.
Usage: sudo python3 Benchmarks/concurrency_bench.py --ember BIN [--size-mib 512] [--rounds 2] [--no-service] [--json F]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datapath_bench import Loop, run  # noqa: E402

MIB = 1 << 20
COUNTS = [1, 2, 4, 8]


def launch(argvs):
    """Starts every argv at once; waits for all. Each one's seconds, summed peak RSS (MiB), CPU seconds,
    wall seconds, and stdout."""
    start = time.perf_counter()
    processes = {subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).pid: index
                 for index, argv in enumerate(argvs)}
    seconds, rss, cpu = [0.0] * len(argvs), 0.0, 0.0
    while processes:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in processes:
            continue
        seconds[processes.pop(pid)] = time.perf_counter() - start
        if status != 0:
            raise RuntimeError(f"{argvs} exited with {status}")
        rss += usage.ru_maxrss / 1024
        cpu += usage.ru_utime + usage.ru_stime
    return seconds, rss, cpu, time.perf_counter() - start


def batch_argv(ember, kind, pairs, budget):
    argv = [ember, "io", "batch", "--json", "--no-sparse", "--budget", str(budget)]
    for source, destination in pairs:
        argv += ["--copy", source, destination] if kind == "copy" else ["--wipe", destination]
    return argv


def run_batch(ember, kind, pairs, budget):
    """`ember io batch`; each operation's seconds from the batch's start to its end come from its report."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(batch_argv(ember, kind, pairs, budget), stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        report = json.load(out)
    if status != 0:
        raise RuntimeError("ember io batch failed")
    return (report["finished"], usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, wall,
            report["peak_bytes_in_flight"])


def process_argvs(tool, ember, kind, pairs, size):
    if tool == "ember":
        return [[ember, "io", "copy", s, d, "--no-sparse", "--json"] if kind == "copy"
                else [ember, "io", "wipe", d, "--method", "write", "--json"] for s, d in pairs]
    count = str(size // MIB)
    return [["dd", f"if={s}", f"of={d}", "bs=1M", "iflag=direct", "oflag=direct", "status=none"] if kind == "copy"
            else ["dd", "if=/dev/zero", f"of={d}", "bs=1M", f"count={count}", "oflag=direct", "status=none"]
            for s, d in pairs]


def measure_data_path(ember, size, rounds, budget):
    with tempfile.TemporaryDirectory(prefix="ember-concurrency-", dir="/var/tmp") as work:
        sources = [Loop(os.path.join(work, f"src{i}"), size) for i in range(max(COUNTS))]
        destinations = [Loop(os.path.join(work, f"dst{i}"), size) for i in range(max(COUNTS))]
        try:
            for loop in sources + destinations:
                loop.allocate()
            # Destinations written once too: the first write into a fallocated backing file converts its
            # extents, which made whichever operations met fewer of them finish first (up to 5x apart
            # in a first round, 1.0x in the next).
            for loop in sources + destinations:
                loop.fill("random")
            samples = {}
            for _ in range(rounds):
                for kind in ["copy", "wipe"]:
                    for count in COUNTS:
                        pairs = [(sources[i].device, destinations[i].device) for i in range(count)]
                        for mode in ["ember batch", "ember processes", "dd processes"]:
                            if mode == "ember batch":
                                seconds, rss, cpu, wall, peak = run_batch(ember, kind, pairs, budget)
                            else:
                                seconds, rss, cpu, wall = launch(process_argvs(mode.split()[0], ember, kind, pairs, size))
                                peak = None
                            samples.setdefault((kind, count, mode), []).append(
                                {"aggregate_mb_s": count * size / wall / 1e6, "fairness": max(seconds) / min(seconds),
                                 "rss_mib": rss, "cpu_ms_per_gib": cpu * 1000 / (count * size / (1 << 30)),
                                 "peak_in_flight_mib": peak / MIB if peak else None})
            return summarise(samples)
        finally:
            for loop in sources + destinations:
                loop.detach()


def summarise(samples):
    rows = []
    for (kind, count, mode), runs in samples.items():
        row = {"operation": kind, "concurrent": count, "mode": mode, "runs": runs}
        for key in ["aggregate_mb_s", "fairness", "rss_mib", "cpu_ms_per_gib"]:
            row[key] = statistics.median(run[key] for run in runs)
        peaks = [run["peak_in_flight_mib"] for run in runs if run["peak_in_flight_mib"] is not None]
        row["peak_in_flight_mib"] = max(peaks) if peaks else None
        rows.append(row)
    for row in rows:  # the ceiling: one ember io operation alone
        alone = next(r for r in rows if r["operation"] == row["operation"] and r["concurrent"] == 1 and r["mode"] == "ember processes")
        row["x_single"] = row["aggregate_mb_s"] / alone["aggregate_mb_s"]
    return rows


def print_data_path(rows):
    print(f"{'operation':9} {'n':>2} {'mode':16} {'aggregate MB/s':>14} {'x single':>8} {'slowest/fastest':>15} "
          f"{'peak MiB':>8} {'CPU ms/GiB':>10} {'in flight MiB':>13}")
    for r in sorted(rows, key=lambda r: (r["operation"], r["concurrent"], r["mode"])):
        flight = f"{r['peak_in_flight_mib']:.0f}" if r["peak_in_flight_mib"] is not None else "-"
        print(f"{r['operation']:9} {r['concurrent']:2d} {r['mode']:16} {r['aggregate_mb_s']:14.0f} {r['x_single']:8.2f} "
              f"{r['fairness']:15.2f} {r['rss_mib']:8.1f} {r['cpu_ms_per_gib']:10.1f} {flight:>13}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", required=True)
    parser.add_argument("--size-mib", type=int, default=512, help="each device's size")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--budget-mib", type=int, default=32, help="ember io batch --budget (the volume service's default)")
    parser.add_argument("--no-service", action="store_true", help="skip the clones through ember serve")
    parser.add_argument("--volumes", type=int, default=10000, help="volumes in the database for the service part")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root: loop devices")
    report = {"size_mib": args.size_mib, "rounds": args.rounds, "budget_mib": args.budget_mib,
              "data_path": measure_data_path(args.ember, args.size_mib * MIB, args.rounds, args.budget_mib)}
    print_data_path(report["data_path"])
    if not args.no_service:
        import service_clones
        report["service"] = service_clones.measure(args.ember, args.volumes, 8)
        service_clones.print_figures(report["service"])
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump(report, out)
    print(json.dumps({key: value for key, value in report.items() if key != "data_path"}))


if __name__ == "__main__":
    main()
