#!/usr/bin/env bash
# Runs every benchmark in one go (as root: the data path and start-up ones use loop devices) and writes
# Benchmarks/results/DATE/: each benchmark's JSON and printed table, and report.md with the tables and
# plots (Benchmarks/report.py); Benchmarks/results/latest points at it. About 45 minutes on 2 cores.
# A benchmark that fails is reported and the others still run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
out="Benchmarks/results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
for name in datapath concurrency iscsi startup load api distributed identity hostile dashboard; do
    echo "== $name" >&2
    if ! python3 "Benchmarks/${name}_bench.py" --ember "$ember" --json "$out/$name.json" > "$out/$name.txt" 2>&1; then
        echo "$name failed: see $out/$name.txt" >&2
    fi
done
python3 Benchmarks/report.py "$out"
ln -sfn "$(basename "$out")" Benchmarks/results/latest
echo "$out/report.md"
