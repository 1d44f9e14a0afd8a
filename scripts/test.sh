#!/usr/bin/env bash
# Runs every Ember test: installs what is missing, checks the code's format against .swift-format
# (swift-format from the toolchain; `swift format format -i -r Sources Tests Fuzz Package.swift`
# fixes it), builds once, then the Swift suites (on SQLite, with the store conformance suite on
# PostgreSQL too, then all of them again on PostgreSQL), the LVM driver's
# tests inside a Linux guest with device-mapper (scripts/guest-lvm.sh), the Python
# client-compatibility suite against the binary of that same build (with distributed mode: PostgreSQL,
# RabbitMQ and six ember processes, their faults included, in Tests/compat/test_distributed.py), Tempest's volume API suite
# against it compared with Cinder 29's results (scripts/tempest.sh), and libFuzzer over the request
# parsers for about a minute (scripts/fuzz.sh). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
swift format lint --strict --recursive Sources Tests Fuzz Package.swift
swift build --build-tests
# Swift Testing captures a backtrace for every error thrown anywhere in the process; the control
# planes under test throw thousands (refused requests, cancelled sleeps), each unwinding on one of
# the few cooperative threads the other tests' tasks wait for.
export SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0
swift test --skip-build --parallel --num-workers 2
# Every suite again with its stores on PostgreSQL (the tests start one from scripts/postgres.sh).
EMBER_TEST_STORE=postgres swift test --skip-build
bash scripts/guest-lvm.sh
EMBER_BIN="$(swift build --show-bin-path)/ember" python3 -m pytest -q Tests/compat
bash scripts/tempest.sh "$(swift build --show-bin-path)/ember"
bash scripts/fuzz.sh
