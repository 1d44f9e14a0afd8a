#!/usr/bin/env bash
# Builds Ember in release mode and runs Benchmarks/concurrency_bench.py (as root: loop devices, an XFS
# image); writes Benchmarks/results/concurrency.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/concurrency_bench.py --ember "$ember" --json Benchmarks/results/concurrency.json "$@"
