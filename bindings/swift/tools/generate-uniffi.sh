#!/usr/bin/env bash
# Generates the UniFFI Swift and C header of the package from the built library (UniFFI's
# library mode), so that they always match the scaffolding (and its checksums) compiled into
# it. Usage: tools/generate-uniffi.sh [path/to/libmemoryrelay.so|.a|.dylib]
set -euo pipefail

PKG="$(cd "$(dirname "$0")/.." && pwd)"
REPO="$(cd "$PKG/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
LIB="${1:-$TARGET_DIR/debug/libmemoryrelay.so}"
BINDGEN="${UNIFFI_BINDGEN:-$TARGET_DIR/debug/uniffi-bindgen}"

for f in "$LIB" "$BINDGEN"; do
  [[ -e "$f" ]] || { echo "missing $f: cargo build -p memoryrelay-ffi -p uniffi-bindgen" >&2; exit 1; }
done

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$BINDGEN" generate --library "$LIB" --language swift --out-dir "$OUT" >/dev/null

# Only rewrite changed files, so SwiftPM does not rebuild for nothing.
install_if_changed() {
  mkdir -p "$(dirname "$2")"  # a fresh clone lacks the folder: its only file is generated
  if ! cmp -s "$1" "$2"; then cp "$1" "$2"; fi
}
install_if_changed "$OUT/memoryrelayFFI.h" "$PKG/Sources/memoryrelayFFI/memoryrelayFFI.h"
install_if_changed "$OUT/memoryrelay.swift" "$PKG/Sources/MemoryRelayUniFFI/memoryrelay.swift"
