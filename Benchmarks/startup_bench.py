#!/usr/bin/env python3
"""How long a short `ember io wipe --method auto` takes, start to exit, on a 1 GiB loop device, against
`blkdiscard -z` on the same device in the same run (interleaved, so the machine's drift hits both),
with `ember io --help` and `/bin/true` for what starting costs alone. Needs root (a loop device).

The wipe itself is one BLKZEROOUT on both sides, so the difference is Ember's start: loading its
shared libraries, relocating and initialising the Swift runtime.
Prints a table and writes JSON. A benchmark, not a test: it never fails on a slow machine.
Usage: sudo python3 Benchmarks/startup_bench.py --ember BINARY [--rounds 40] [--json FILE]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time


def timed(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def measure(ember, rounds):
    with tempfile.TemporaryDirectory(prefix="ember-startup-") as work:
        image = os.path.join(work, "disk.img")
        subprocess.run(["truncate", "-s", "1G", image], check=True)
        device = subprocess.run(["losetup", "--find", "--show", image], capture_output=True, text=True, check=True).stdout.strip()
        try:
            commands = {
                "blkdiscard -z": ["blkdiscard", "-z", device],
                "ember io wipe --method auto": [ember, "io", "wipe", "--method", "auto", device],
                "ember io --help": [ember, "io", "--help"],
                "/bin/true": ["/bin/true"],
            }
            samples = {name: [] for name in commands}
            for _ in range(rounds):
                for name, argv in commands.items():
                    samples[name].append(timed(argv))
        finally:
            subprocess.run(["losetup", "--detach", device], check=False)
    libraries = subprocess.run(["ldd", ember], capture_output=True, text=True).stdout.split("\n")
    return {"rounds": rounds, "ms": {name: {"p50": statistics.median(values), "min": min(values)} for name, values in samples.items()},
            "shared_libraries": [line.split()[0] for line in libraries if line.strip()]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    figures = measure(os.path.abspath(args.ember), args.rounds)
    base = figures["ms"]["blkdiscard -z"]["p50"]
    print(f"{'command (1 GiB loop device)':32} {'p50 ms':>8} {'min ms':>8} {'vs blkdiscard':>14}")
    for name, values in figures["ms"].items():
        print(f"{name:32} {values['p50']:8.2f} {values['min']:8.2f} {values['p50'] / base:13.2f}x")
    print("shared libraries: " + " ".join(figures["shared_libraries"]))
    figures["wipe_vs_blkdiscard"] = figures["ms"]["ember io wipe --method auto"]["p50"] / base
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
