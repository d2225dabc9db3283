#!/usr/bin/env bash
# Regenerates include/memoryrelay.h from ffi/src/c_abi/ with cbindgen (config: ffi/cbindgen.toml).
# With --verify, regenerates and fails if the committed header differs.
#
# The named per-method functions come from a macro_rules!, so cbindgen needs the expanded
# crate. rustc's `-Zunpretty=expanded` is unstable: RUSTC_BOOTSTRAP=1 allows it on the stable
# toolchain, applied through RUSTC_WORKSPACE_WRAPPER, which Cargo uses for workspace members
# only (dependencies are not rebuilt; normal builds never see it). Only the `c_abi` module of the
# expansion is given to cbindgen (see bindings/c/tools/extract_module.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CBINDGEN="$(bash bindings/c/tools/cbindgen-path.sh)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

RUSTC_WORKSPACE_WRAPPER="$ROOT/bindings/c/tools/rustc-bootstrap.sh" \
    cargo rustc -p memoryrelay-ffi --lib --profile=check --quiet -- -Zunpretty=expanded >"$TMP/expanded.rs"
python3 bindings/c/tools/extract_module.py c_abi "$TMP/expanded.rs" >"$TMP/ffi.rs"
"$CBINDGEN" --config ffi/cbindgen.toml --output include/memoryrelay.h --quiet "$@" "$TMP/ffi.rs"
