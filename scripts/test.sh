#!/usr/bin/env bash
# Runs every Ember test: installs what is missing, builds once, then the Swift suites, the LVM driver's
# tests inside a Linux guest with device-mapper (scripts/guest-lvm.sh), the Python
# client-compatibility suite against the binary of that same build, and libFuzzer over the request
# parsers for about a minute (scripts/fuzz.sh). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
swift build --build-tests
swift test --skip-build --parallel --num-workers 2
bash scripts/guest-lvm.sh
EMBER_BIN="$(swift build --show-bin-path)/ember" python3 -m pytest -q Tests/compat
bash scripts/fuzz.sh
