#!/usr/bin/env bash
# Builds Ember in release mode and runs Benchmarks/iscsi_bench.py (as root: tgtd, drop_caches); writes
# Benchmarks/results/iscsi.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/iscsi_bench.py --ember "$ember" --json Benchmarks/results/iscsi.json "$@"
