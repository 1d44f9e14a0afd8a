#!/usr/bin/env bash
# Builds Ember in release mode and runs the data-path benchmark (needs root); writes Benchmarks/results/datapath.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/datapath_bench.py --ember "$ember" --json Benchmarks/results/datapath.json "$@"
