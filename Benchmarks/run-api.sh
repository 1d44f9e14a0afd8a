#!/usr/bin/env bash
# Builds Ember in release mode and runs the control-plane benchmark; writes Benchmarks/results/api.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product ember
python3 Benchmarks/api_bench.py --ember "$(swift build -c release --show-bin-path)/ember" --json Benchmarks/results/api.json "$@"
