#!/usr/bin/env bash
# Builds the `ember` binary for measuring and deploying, and prints its path (build output goes to stderr).
# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary needs no Swift
# toolchain where it runs, and a short `ember io ...` process starts faster (`ember io --help`: 11 ms, not 18).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ember --static-swift-stdlib >&2
echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/ember"
