#!/usr/bin/env bash
# Fails when the pure Rust client crate (`memoryrelay`) pulls in FFI machinery: uniffi anywhere in
# its normal dependency tree, or a direct libc dependency (the FFI lives in memoryrelay-ffi).
# libc itself still arrives transitively through tokio, ring and getrandom: every networked Rust
# crate has it, so only a direct edge is an FFI smell.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="$(cargo tree -p memoryrelay -e normal --prefix none --format '{p}')"
direct="$(cargo tree -p memoryrelay -e normal --depth 1 --prefix none --format '{p}')"
fail=0
if grep -q '^uniffi' <<<"$tree"; then
    echo "memoryrelay depends on uniffi:" >&2
    cargo tree -p memoryrelay -e normal -i uniffi >&2 || true
    fail=1
fi
if grep -q '^libc ' <<<"$direct"; then
    echo "memoryrelay depends on libc directly" >&2
    fail=1
fi
if [ "$fail" = 0 ]; then
    echo "memoryrelay: $(sort -u <<<"$tree" | wc -l) normal dependencies, no uniffi, no direct libc"
fi
exit "$fail"
