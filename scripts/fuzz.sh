#!/usr/bin/env bash
# Builds the libFuzzer target over Ember's request parsers (Fuzz/EmberFuzz, with -sanitize=fuzzer,address,
# in its own build folder) and runs each fuzz target for EMBER_FUZZ_SECONDS_EACH seconds (default 12),
# starting from the committed seed corpus in Fuzz/corpus/TARGET and with the words of Fuzz/dictionaries/TARGET.dict
# (with them, libFuzzer found the sort=: crash from a seed of `limit=1` alone within a minute). Fails on any crash, whose input is kept in
# Fuzz/crashes/ (and printed in base64 by libFuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(query body header token policy)
seconds="${EMBER_FUZZ_SECONDS_EACH:-12}"
scratch=.build-fuzz

swift build --scratch-path "$scratch" --product EmberFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
binary="$(swift build --scratch-path "$scratch" --show-bin-path)/EmberFuzz"

mkdir -p Fuzz/crashes
status=0
for target in "${targets[@]}"; do
    work="$(mktemp -d)"
    dictionary=()
    [ -f "Fuzz/dictionaries/$target.dict" ] && dictionary=(-dict="Fuzz/dictionaries/$target.dict")
    echo "fuzz: $target for ${seconds}s"
    if ! EMBER_FUZZ_TARGET="$target" "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=4096 "${dictionary[@]}" \
        -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$target-" "$work" "Fuzz/corpus/$target" > "$work.log" 2>&1; then
        echo "fuzz: $target FAILED; input saved as:"; ls Fuzz/crashes/"$target"-* 2>/dev/null || true
        tail -60 "$work.log"
        status=1
    else
        grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$work.log" | sed "s/^/fuzz: $target /"
    fi
    rm -rf "$work" "$work.log"
done
exit "$status"
