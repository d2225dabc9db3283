#!/usr/bin/env bash
# C ABI benchmark: JSON C ABI vs native Rust call for memories.get on the same local server
# (ffi/src/c_abi/bench.rs, release build), plus the stripped size of the release cdylib.
# Not part of CI (a release build with fat LTO takes minutes on 2 cores); results go to
# docs/c-abi.md. Size: MR_BENCH_CALLS (20000 calls per side).
set -euo pipefail
export CARGO_TERM_PROGRESS_WHEN=never
cd "$(dirname "$0")/../../.."

echo "== cdylib size (release, stripped copy)"
cargo build -p memoryrelay-ffi --lib --release
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cp "${CARGO_TARGET_DIR:-target}/release/libmemoryrelay.so" "$TMP/libmemoryrelay.so"
strip "$TMP/libmemoryrelay.so"
bytes="$(stat -c %s "$TMP/libmemoryrelay.so")"
echo "libmemoryrelay.so stripped: $bytes bytes ($(awk "BEGIN {printf \"%.2f\", $bytes/1048576}") MiB)"

echo "== C ABI vs native (release)"
cargo test -p memoryrelay-ffi --lib --release -- --ignored --exact c_abi::bench::c_abi_vs_native_memories_get --nocapture 2>&1 |
    grep -E "^bench|test result"

echo "== memories.get from a C program (release library, release server)"
cargo build -p memoryrelay-server --release --features fault-injection --bin memoryrelay-server
RELEASE="${CARGO_TARGET_DIR:-target}/release"
cmake -S bindings/c -B "$TMP/build" -G Ninja -DMR_LIB_DIR="$(cd "$RELEASE" && pwd)" >/dev/null
cmake --build "$TMP/build" --target bench_call >/dev/null
MR_SERVER_BIN="$(cd "$RELEASE" && pwd)/memoryrelay-server" "$TMP/build/bench_call" "${MR_BENCH_CALLS:-20000}"
