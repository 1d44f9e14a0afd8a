#!/usr/bin/env bash
# Builds Ember in release mode and runs the hostile-load benchmark; writes Benchmarks/results/hostile.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/hostile_bench.py --ember "$ember" --json Benchmarks/results/hostile.json "$@"
