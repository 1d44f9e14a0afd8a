#!/usr/bin/env bash
# Builds Ember in release mode and runs Benchmarks/startup_bench.py; writes Benchmarks/results/startup.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/startup_bench.py --ember "$ember" --json Benchmarks/results/startup.json "$@"
