#!/usr/bin/env bash
# Builds Ember in release mode and runs the identity benchmark; writes Benchmarks/results/identity.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/identity_bench.py --ember "$ember" --json Benchmarks/results/identity.json "$@"
