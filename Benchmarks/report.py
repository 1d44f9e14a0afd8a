#!/usr/bin/env python3
"""Writes DIR/report.md from the benchmarks' results in DIR (what `Benchmarks/run-all.sh` leaves
there: NAME.json and the table NAME.txt each printed), with plots as PNG files beside it (matplotlib).

Every benchmark measures Ember beside its peers in the same run (dd, qemu-img, fio, blkdiscard) or
beside Cinder 29's figures on the same kind of machine, and states ratios: the machines are noisy, so a
ratio from one run means more than an absolute figure compared across runs.
Usage: python3 Benchmarks/report.py DIR
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ORDER = ["datapath", "concurrency", "iscsi", "startup", "load", "api", "distributed", "identity", "hostile", "dashboard"]
TITLES = {
    "datapath": "Data path: wipe, copy and clone against dd, qemu-img, fio and cp --reflink",
    "concurrency": "Concurrent copies and wipes on one disk: a shared budget against one process (or dd) each",
    "iscsi": "iSCSI export: Ember's (CHAP, ACL) against a plain tgtd export, page cache dropped",
    "startup": "A short `ember io wipe` against `blkdiscard -z`",
    "load": "Control plane under wrk (no Python client): creates, deletes, listings",
    "api": "Control plane with Python clients, against Cinder 29's figures",
    "distributed": "Distributed mode (PostgreSQL, RabbitMQ, api, scheduler, volume), against Cinder 29's",
    "identity": "Identity: tokens and logins",
    "hostile": "Hostile clients: a GET's latency under wrong-password floods and idle connections",
    "dashboard": "Dashboard: page times and sizes with 1,000 volumes",
}


def load(directory, name):
    path = os.path.join(directory, f"{name}.json")
    if not os.path.exists(path):
        return None
    with open(path) as file:
        return json.load(file)


def printed_table(directory, name):
    """What the benchmark printed, without its final JSON line."""
    path = os.path.join(directory, f"{name}.txt")
    if not os.path.exists(path):
        return ""
    with open(path) as file:
        return "\n".join(line for line in file.read().splitlines() if not line.startswith("{"))


def cdf(axis, values, label):
    ordered = sorted(values)
    axis.plot(ordered, [(i + 1) / len(ordered) for i in range(len(ordered))], label=f"{label} (n={len(ordered)})")


def plot_load(figures, directory):
    """Latency CDFs of each life-cycle load, and the listing's percentiles alone and while creates run."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    for name in ["creates_1", "creates_32", "creates_32_with_listing", "deletes_8"]:
        if figures.get(name, {}).get("latencies_ms"):
            cdf(left, figures[name]["latencies_ms"], name)
    left.set(xscale="log", xlabel="create to available / delete to gone (ms)", ylabel="fraction", title="Life-cycle latency CDF")
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    points = ["p50_ms", "p90_ms", "p99_ms"]
    for name in ["listing_100_alone", "listing_100_during_creates", "listing_1000_alone"]:
        if name in figures:
            right.plot([50, 90, 99], [figures[name][p] for p in points], marker="o", label=name)
    right.set(xlabel="percentile", ylabel="ms", title="GET /volumes/detail latency (wrk, 4 connections)")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return save(fig, directory, "load-latency.png")


def plot_bars(directory, file, title, unit, bars, log=False):
    """One horizontal bar per (label, value); `log` for values that span orders of magnitude."""
    fig, axis = plt.subplots(figsize=(10, 0.45 * len(bars) + 1.2))
    labels, values = zip(*bars)
    axis.barh(range(len(bars)), values)
    axis.set_yticks(range(len(bars)), labels, fontsize=8)
    axis.invert_yaxis()
    axis.set(xlabel=unit + (" (log scale)" if log else ""), title=title, xscale="log" if log else "linear")
    axis.grid(axis="x", alpha=0.3)
    return save(fig, directory, file)


def plot_datapath(figures, directory):
    bars = [(f"{group}: {tool}", row["median_mb_s"]) for group, tools in figures["results"].items() for tool, row in tools.items()]
    # An offloaded wipe (the device zeroes itself) runs at tens of GB/s: a log scale keeps the rest readable.
    files = [plot_bars(directory, "datapath.png", "Median MB/s of each tool (same devices, same run)", "MB/s", bars, log=True)]
    if figures.get("cpu"):
        files.append(plot_bars(directory, "datapath-cpu.png", "CPU ms per GiB moved (user + system, median)", "ms/GiB",
                               [(f"{group}: {tool}", row["median_cpu_ms_per_gib"]) for group, tools in figures["cpu"].items()
                                for tool, row in tools.items()]))
    if figures.get("sweep"):
        files.append(plot_sweep(figures["sweep"], directory))
    return files


def plot_sweep(sweep, directory):
    """`ember io copy` MB/s against queue depth, one line per block size, reading alone as the ceiling."""
    fig, axis = plt.subplots(figsize=(8, 4.5))
    keys = [key for key in sweep if "x" in key]
    depths = sorted({int(key.split("x")[0]) for key in keys})
    for block in sorted({int(key.split("x")[1]) for key in keys}):
        axis.plot(depths, [sweep[f"{depth}x{block}"]["median_mb_s"] for depth in depths], marker="o", label=f"{block} MiB blocks")
    axis.axhline(sweep["read alone"]["median_mb_s"], linestyle="--", color="gray", label="reading the source alone (fio)")
    axis.set(xscale="log", xlabel="requests in flight (queue depth)", ylabel="MB/s", title="ember io copy: queue depth and block size")
    axis.set_xticks(depths, [str(depth) for depth in depths])
    axis.minorticks_off()
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    return save(fig, directory, "datapath-sweep.png")


def plot_startup(figures, directory):
    return plot_bars(directory, "startup.png", "Start to exit, p50 (1 GiB loop device)", "ms",
                     [(name, values["p50"]) for name, values in figures["ms"].items()])


def plot_concurrency(figures, directory):
    """Aggregate MB/s and fairness against the number of operations at once, one line per way of running them."""
    rows = figures["data_path"]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8))
    for column, operation in enumerate(["copy", "wipe"]):
        for mode in sorted({r["mode"] for r in rows}):
            mine = sorted((r for r in rows if r["operation"] == operation and r["mode"] == mode), key=lambda r: r["concurrent"])
            counts = [r["concurrent"] for r in mine]
            axes[0][column].plot(counts, [r["aggregate_mb_s"] for r in mine], marker="o", label=mode)
            axes[1][column].plot(counts, [r["fairness"] for r in mine], marker="o", label=mode)
        axes[0][column].set(title=f"{operation}: aggregate rate", xlabel="operations at once", ylabel="MB/s", xscale="log", xticks=[1, 2, 4, 8])
        axes[1][column].set(title=f"{operation}: slowest / fastest (1 is fair)", xlabel="operations at once", ylabel="ratio",
                            xscale="log", xticks=[1, 2, 4, 8])
        for axis in (axes[0][column], axes[1][column]):
            axis.set_xticklabels(["1", "2", "4", "8"])
            axis.minorticks_off()
            axis.grid(alpha=0.3)
            axis.legend(fontsize=8)
    return save(fig, directory, "concurrency.png")


def plot_iscsi(figures, directory):
    bars = [(f"{test}: {export}", row["median"] / by_export["plain tgtd"]["median"])
            for test, by_export in figures.items() for export, row in by_export.items()]
    return plot_bars(directory, "iscsi.png", "Each export's median over plain tgtd's (1 is equal)", "ratio", bars)


PLOTS = {"iscsi": plot_iscsi, "load": plot_load, "datapath": plot_datapath, "startup": plot_startup, "concurrency": plot_concurrency}


def save(fig, directory, file):
    fig.tight_layout()
    fig.savefig(os.path.join(directory, file), dpi=110)
    plt.close(fig)
    return file


def main():
    directory = sys.argv[1]
    lines = ["# Ember benchmark report", "",
             f"Results of `Benchmarks/run-all.sh` in `{directory}`. Each section is one benchmark: the table it",
             "printed (its peers measured in the same run, or Cinder 29's figures for this kind of machine, with",
             "the ratio), then its plots. Read ratios, not absolute figures, across runs: these machines are noisy.",
             "A missing section is a benchmark that did not run (see its `.txt`).", ""]
    for name in ORDER:
        figures = load(directory, name)
        table = printed_table(directory, name)
        if figures is None and not table:
            continue
        lines += [f"## {TITLES[name]}", "", "```", table.strip(), "```", ""]
        if figures is not None and name in PLOTS:
            try:
                files = PLOTS[name](figures, directory)
                for file in [files] if isinstance(files, str) else files:
                    lines += [f"![{file}]({file})", ""]
            except (KeyError, ValueError) as error:
                lines += [f"(no plot: {error!r})", ""]
    with open(os.path.join(directory, "report.md"), "w") as out:
        out.write("\n".join(lines))
    print(os.path.join(directory, "report.md"))


if __name__ == "__main__":
    main()
