#!/usr/bin/env bash
# Runs every fuzz target for <seconds> each (default 60) on stable Rust, starting from its
# committed corpus (fuzz/corpus/<target>/, read only: new inputs go to a temporary directory).
# Any crash, panic, timeout or leak fails the run and leaves the input in fuzz/artifacts/.
# cargo-fuzz is installed once into /var/cache/memoryrelay/tools/cargo-fuzz; the release build
# with coverage instrumentation is kept in /var/cache/memoryrelay/target-fuzz.
#   bash fuzz/run.sh 60            # what CI runs
#   bash fuzz/run.sh 10 params_json
set -euo pipefail
cd "$(dirname "$0")"
SECS="${1:-60}"
shift || true
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
    TARGETS=(params_json c_abi)
fi

CACHE=/var/cache/memoryrelay
CARGO_FUZZ_VERSION=0.13.2
TOOLS="$CACHE/tools/cargo-fuzz"
if ! "$TOOLS/bin/cargo-fuzz" --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$TOOLS"
fi
export PATH="$TOOLS/bin:$PATH"
export CARGO_TARGET_DIR="${MR_FUZZ_TARGET_DIR:-$CACHE/target-fuzz}"

for t in "${TARGETS[@]}"; do
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    echo "== fuzz $t for ${SECS}s (corpus: $(ls "corpus/$t" | wc -l) inputs)"
    # --sanitizer none: no -Zsanitizer, so stable rustc builds it; libFuzzer still gets
    # coverage feedback (sancov) and catches panics, aborts and timeouts.
    cargo fuzz run --sanitizer none "$t" "$work" "corpus/$t" -- \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1
    rm -rf "$work"
done
echo "fuzz: ${#TARGETS[@]} passed, 0 failed"
