#!/usr/bin/env python3
"""Data-path benchmark: Ember's wipe, copy and clone against dd (as Cinder runs it), qemu-img convert,
fio and cp --reflink, on the same loop devices in the same run, interleaved over several rounds.

Needs root (loop devices, mkfs.xfs, mount). Every tool in a round starts from the same device state.
Prints a table (median MB/s, ratio to dd, ratio to the best peer) and writes JSON. It never fails on a
slow machine: it is a benchmark, not a test.
Usage: sudo python3 Benchmarks/datapath_bench.py --ember .build/release/ember [--size-gib 2] [--rounds 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)


def timed(argv):
    return timed_with_cpu(argv)[0]


def timed_with_cpu(argv):
    """Wall seconds and CPU seconds (user + system, the process's own threads and io_uring's workers) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise subprocess.CalledProcessError(status, argv, stderr=process.stderr.read())
    process.stderr.close()
    return seconds, usage.ru_utime + usage.ru_stime


class Loop:
    def __init__(self, backing, size):
        self.backing = backing
        self.size = size
        with open(backing, "wb") as f:
            f.truncate(size)
        self.device = run(["losetup", "--direct-io=on", "--find", "--show", backing]).stdout.strip()

    def allocate(self):
        """Backing file fully allocated (unwritten extents), as a thick volume's would be."""
        run(["fallocate", "--length", str(self.size), self.backing])

    def sparsify(self):
        run(["fallocate", "--punch-hole", "--offset", "0", "--length", str(self.size), self.backing])

    def fill(self, pattern):
        """Writes random data; or alternating 1 MiB random / zero blocks ('half-zero', the zeroes written);
        or 1 MiB random blocks at every other MiB with the rest never written ('half-hole', holes in the
        backing file, as an unwritten part of a file volume is)."""
        chunk = os.urandom(MIB)
        zero = bytes(MIB)
        fd = os.open(self.device, os.O_WRONLY)
        try:
            for index in range(self.size // MIB):
                if index % 2 and pattern == "half-hole":
                    os.lseek(fd, MIB, os.SEEK_CUR)
                else:
                    os.write(fd, zero if pattern == "half-zero" and index % 2 else chunk)
            os.fsync(fd)
        finally:
            os.close(fd)

    def detach(self):
        subprocess.run(["losetup", "--detach", self.device], capture_output=True)


def wipe_tools(ember, device, size):
    count = str(size // MIB)
    return {
        "ember auto": [ember, "io", "wipe", device, "--method", "auto", "--json"],
        "ember write": [ember, "io", "wipe", device, "--method", "write", "--json"],
        "dd 1M": ["dd", "if=/dev/zero", f"of={device}", "bs=1M", f"count={count}", "oflag=direct", "status=none"],
        "dd 4M": ["dd", "if=/dev/zero", f"of={device}", "bs=4M", f"count={size // (4 * MIB)}", "oflag=direct", "status=none"],
        "fio io_uring": ["fio", "--name=wipe", f"--filename={device}", "--ioengine=io_uring", "--rw=write", "--bs=1M",
                         "--iodepth=32", "--direct=1", f"--size={size}", "--output-format=terse"],
    }


def read_alone(source, size):
    """Reading the source alone, as fast as fio can: the ceiling of any copy that must read it."""
    return ["fio", "--name=read", f"--filename={source}", "--ioengine=io_uring", "--rw=read", "--bs=1M", "--iodepth=32",
            "--direct=1", f"--size={size}", "--output-format=terse"]


def copy_tools(ember, source, destination, size):
    """Every copier in its default mode. Ember's and qemu-img's both find zero blocks: qemu-img writes them
    as write-zeroes requests, Ember zeroes the destination by offload first and leaves them unwritten."""
    return {
        "fio read alone": read_alone(source, size),
        "ember": [ember, "io", "copy", source, destination, "--json"],
        "dd 1M": ["dd", f"if={source}", f"of={destination}", "bs=1M", "iflag=direct", "oflag=direct", "status=none"],
        "qemu-img": ["qemu-img", "convert", "-f", "raw", "-O", "raw", "-t", "none", "-T", "none", "-n", source, destination],
        "qemu-img -W -m16": ["qemu-img", "convert", "-f", "raw", "-O", "raw", "-t", "none", "-T", "none", "-n", "-W", "-m", "16",
                             source, destination],
    }


def measure(table, group, tools, size, rounds, prepare, cpu=None):
    """Interleaves the tools over rounds; `prepare` resets the device state before each run. Each run's
    CPU milliseconds per GiB go to `cpu` when given."""
    for _ in range(rounds):
        for name, argv in tools.items():
            prepare(name)
            seconds, cpu_seconds = timed_with_cpu(argv)
            table.setdefault(group, {}).setdefault(name, []).append(size / seconds / 1e6)
            if cpu is not None:
                cpu.setdefault(group, {}).setdefault(name, []).append(cpu_seconds * 1000 / (size / (1 << 30)))


def summarise_cpu(cpu):
    """Median CPU ms per GiB of each tool, and its ratio to qemu-img -W's (the issue's peer) or dd's."""
    summary = {}
    for group, tools in cpu.items():
        medians = {name: statistics.median(values) for name, values in tools.items() if name != "fio read alone"}
        peer = medians.get("qemu-img -W -m16") or medians.get("dd 1M")
        summary[group] = {name: {"median_cpu_ms_per_gib": value, "runs": tools[name], "ratio_to_peer": value / peer if peer else None}
                          for name, value in medians.items()}
    return summary


def print_cpu(summary):
    print(f"\n{'group':30} {'tool':18} {'CPU ms/GiB':>11} {'x peer':>7}   (peer: qemu-img -W -m16 for copies, dd 1M for wipes)")
    for group, tools in summary.items():
        for name, row in tools.items():
            ratio = f"{row['ratio_to_peer']:.2f}" if row["ratio_to_peer"] else "-"
            print(f"{group:30} {name:18} {row['median_cpu_ms_per_gib']:11.1f} {ratio:>7}")


SWEEP_DEPTHS = [4, 8, 16, 32, 64]
SWEEP_BLOCKS_MIB = [1, 2, 4]


def sweep(ember, source, target, size, rounds):
    """`ember io copy` (random source, allocated destination) at each queue depth and block size, interleaved
    over rounds, with reading the source alone as the ceiling: median MB/s of each."""
    runs = {}
    for _ in range(rounds):
        for depth in SWEEP_DEPTHS:
            for block in SWEEP_BLOCKS_MIB:
                target.allocate()
                argv = [ember, "io", "copy", source, target.device, "--no-sparse", "--json", "--queue-depth", str(depth),
                        "--block-size", str(block * MIB)]
                runs.setdefault(f"{depth}x{block}", []).append(size / timed(argv) / 1e6)
        runs.setdefault("read alone", []).append(size / timed(read_alone(source, size)) / 1e6)
    return {key: {"median_mb_s": statistics.median(values), "runs_mb_s": values} for key, values in runs.items()}


def print_sweep(result):
    print(f"\nember io copy, median MB/s by queue depth (rows) and block size (columns); reading alone: "
          f"{result['read alone']['median_mb_s']:.0f}")
    print(f"{'depth':>6} " + " ".join(f"{str(b) + ' MiB':>8}" for b in SWEEP_BLOCKS_MIB))
    for depth in SWEEP_DEPTHS:
        print(f"{depth:6d} " + " ".join(f"{result[f'{depth}x{b}']['median_mb_s']:8.0f}" for b in SWEEP_BLOCKS_MIB))


def peak_rss_kib(argv):
    result = run(["/usr/bin/time", "-f", "%M", *argv])
    return int(result.stderr.strip().splitlines()[-1])


def summarise(table):
    summary = {}
    for group, tools in table.items():
        medians = {name: statistics.median(values) for name, values in tools.items()}
        dd = medians.get("dd 1M")
        # Reading alone is a ceiling, not a peer: it copies nothing.
        peers = {n: v for n, v in medians.items() if not n.startswith("ember") and n != "fio read alone"}
        best_peer = max(peers.values()) if peers else None
        ceiling = medians.get("fio read alone")
        summary[group] = {
            name: {"median_mb_s": value, "runs_mb_s": tools[name],
                   "ratio_to_dd": value / dd if dd else None,
                   "ratio_to_best_peer": value / best_peer if best_peer else None,
                   "ratio_to_read_alone": value / ceiling if ceiling else None}
            for name, value in medians.items()
        }
    return summary


def print_table(summary):
    print(f"{'group':30} {'tool':18} {'median MB/s':>12} {'x dd 1M':>9} {'x best peer':>12} {'x read alone':>13}")
    for group, tools in summary.items():
        for name, row in tools.items():
            ratios = [f"{row[key]:.2f}" if row[key] else "-" for key in ("ratio_to_dd", "ratio_to_best_peer", "ratio_to_read_alone")]
            print(f"{group:30} {name:18} {row['median_mb_s']:12.0f} {ratios[0]:>9} {ratios[1]:>12} {ratios[2]:>13}")


def clone_benchmark(ember, workdir, size, rounds):
    """4 GiB file on XFS with reflink: Ember's clone against cp --reflink=always; then the peak RSS of
    Ember copying that file in full (no sharing) into a new one."""
    image = os.path.join(workdir, "xfs.img")
    with open(image, "wb") as f:
        f.truncate(2 * size + (2 << 30))
    loop = run(["losetup", "--find", "--show", image]).stdout.strip()
    mount = os.path.join(workdir, "xfs")
    os.makedirs(mount, exist_ok=True)
    try:
        run(["mkfs.xfs", "-q", "-m", "reflink=1", loop])
        run(["mount", loop, mount])
        source = os.path.join(mount, "source")
        run(["dd", "if=/dev/urandom", f"of={source}", "bs=4M", f"count={size // (4 * MIB)}", "conv=fsync", "status=none"])
        results = {"ember clone": [], "cp --reflink=always": []}
        for index in range(rounds):
            target = os.path.join(mount, f"ember-{index}")
            with open(target, "wb") as f:
                f.truncate(size)
            results["ember clone"].append(1000 * timed([ember, "io", "clone", source, target, "--json"]))
            results["cp --reflink=always"].append(1000 * timed(["cp", "--reflink=always", source, os.path.join(mount, f"cp-{index}")]))
        report = json.loads(run([ember, "io", "clone", source, os.path.join(mount, "ember-0"), "--json"]).stdout)
        copy = os.path.join(mount, "copy")
        with open(copy, "wb") as f:
            f.truncate(size)
        rss_kib = peak_rss_kib([ember, "io", "copy", source, copy, "--no-sparse", "--json"])
        return {name: {"median_ms": statistics.median(values), "runs_ms": values} for name, values in results.items()} | {
            "ember_method": report["method"], "copy_peak_rss_mib": rss_kib / 1024}
    finally:
        subprocess.run(["umount", mount], capture_output=True)
        subprocess.run(["losetup", "--detach", loop], capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", default=".build/release/ember")
    parser.add_argument("--size-gib", type=float, default=2)
    parser.add_argument("--clone-gib", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", default="/var/tmp")
    parser.add_argument("--no-sweep", dest="sweep", action="store_false", help="skip the queue depth and block size sweep")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("datapath_bench needs root: loop devices, mkfs and mount")
    ember = os.path.abspath(args.ember)
    size = int(args.size_gib * (1 << 30)) // MIB * MIB
    workdir = tempfile.mkdtemp(prefix="ember-bench-", dir=args.workdir)
    loops = []
    try:
        random_source, half_source, holes_source, target = (
            Loop(os.path.join(workdir, n), size) for n in ("random.img", "half.img", "holes.img", "target.img"))
        loops = [random_source, half_source, holes_source, target]
        random_source.fill("random")
        half_source.fill("half-zero")
        holes_source.fill("half-hole")
        table, cpu = {}, {}
        measure(table, "wipe (allocated)", wipe_tools(ember, target.device, size), size, args.rounds,
                lambda _: target.allocate(), cpu)
        for label, source in (("random", random_source), ("50% zero", half_source)):
            measure(table, f"copy {label} (allocated dst)", copy_tools(ember, source.device, target.device, size), size, args.rounds,
                    lambda _: target.allocate(), cpu)
        # Reading the source alone bounds every copy that must read it: zeroes written into a device are
        # data to it. Holes in a loop device's backing file are not: Ember reads that file's map instead.
        for label, source in (("50% zero", half_source), ("50% holes", holes_source)):
            sparse_tools = {"ember sparse": [ember, "io", "copy", source.device, target.device, "--sparse", "--json"],
                            "ember full": [ember, "io", "copy", source.device, target.device, "--no-sparse", "--json"],
                            "fio read alone": read_alone(source.device, size)}
            measure(table, f"copy {label} (sparse dst)", sparse_tools, size, args.rounds, lambda _: target.sparsify())
        summary, cpu_summary = summarise(table), summarise_cpu(cpu)
        print_table(summary)
        print_cpu(cpu_summary)
        sweep_result = sweep(ember, random_source.device, target, size, args.rounds) if args.sweep else None
        if sweep_result:
            print_sweep(sweep_result)
        clone = clone_benchmark(ember, workdir, int(args.clone_gib * (1 << 30)), args.rounds)
        print(f"\nclone {args.clone_gib:g} GiB on XFS: ember {clone['ember clone']['median_ms']:.1f} ms ({clone['ember_method']}), "
              f"cp --reflink=always {clone['cp --reflink=always']['median_ms']:.1f} ms")
        print(f"peak RSS of ember io copy ({args.clone_gib:g} GiB, file to file on XFS): {clone['copy_peak_rss_mib']:.1f} MiB")
        for label in ("50% zero", "50% holes"):
            sparse = summary[f"copy {label} (sparse dst)"]
            full = sparse["ember full"]["median_mb_s"]
            print(f"{label} into a sparse destination: ember sparse / ember full {sparse['ember sparse']['median_mb_s'] / full:.2f}x; "
                  f"reading the whole source alone / ember full {sparse['fio read alone']['median_mb_s'] / full:.2f}x")
        report = {"size_bytes": size, "rounds": args.rounds, "results": summary, "cpu": cpu_summary, "sweep": sweep_result, "clone": clone}
        if args.json:
            os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
            with open(args.json, "w") as out:
                json.dump(report, out, indent=2)
        print(json.dumps(report))
    finally:
        for loop in loops:
            loop.detach()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
