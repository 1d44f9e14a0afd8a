#!/usr/bin/env bash
# Builds Ember in release mode and runs the distributed-mode benchmark (PostgreSQL, RabbitMQ, ember api,
# scheduler and volume on this machine); writes Benchmarks/results/distributed.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ember="$(bash scripts/release-build.sh)"
python3 Benchmarks/distributed_bench.py --ember "$ember" --json Benchmarks/results/distributed.json "$@"
