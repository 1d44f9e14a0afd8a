#!/usr/bin/env bash
# Builds Ember in release mode and runs the identity benchmark; writes Benchmarks/results/identity.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product ember
python3 Benchmarks/identity_bench.py --ember "$(swift build -c release --show-bin-path)/ember" --json Benchmarks/results/identity.json "$@"
