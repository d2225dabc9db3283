#!/usr/bin/env bash
# Regenerates include/memoryrelay.h from ffi/src/ with cbindgen (config: ffi/cbindgen.toml).
# With --verify, regenerates and fails if the committed header differs.
#
# Every exported function is plain Rust source: the per-method functions and mr_status are
# written by the generator (`cargo run -p xtask -- codegen`, ffi/src/c_abi/{named,status}.rs),
# so cbindgen needs no macro expansion.
set -euo pipefail
cd "$(dirname "$0")/.."
CBINDGEN="$(bash bindings/c/tools/cbindgen-path.sh)"
"$CBINDGEN" --config ffi/cbindgen.toml --output include/memoryrelay.h --quiet "$@" ffi/src/lib.rs
