#!/usr/bin/env bash
# Builds Ember in release mode and runs the control-plane benchmark; writes Benchmarks/results/api.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/api_bench.py --ember "$ember" --json Benchmarks/results/api.json "$@"
