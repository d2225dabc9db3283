#!/usr/bin/env bash
# Installs the C SDK into PREFIX: lib/libmemoryrelay.{so,a}, include/memoryrelay.h[pp],
# lib/pkgconfig/memoryrelay.pc and lib/cmake/memoryrelay/ (find_package support).
#
#   scripts/install-c.sh PREFIX [--profile release|debug]     (default: release)
#
# Afterwards: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs memoryrelay,
# or cmake -DCMAKE_PREFIX_PATH=PREFIX with find_package(memoryrelay).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${1:?usage: scripts/install-c.sh PREFIX [--profile release|debug]}"
PROFILE=release
if [[ "${2:-}" == "--profile" ]]; then PROFILE="${3:?--profile needs a value}"; fi
case "$PROFILE" in
    release) cargo build -p memoryrelay-ffi --lib --release; OUT="${CARGO_TARGET_DIR:-target}/release" ;;
    debug) cargo build -p memoryrelay-ffi --lib; OUT="${CARGO_TARGET_DIR:-target}/debug" ;;
    *) echo "unknown profile $PROFILE" >&2; exit 2 ;;
esac

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
MAJOR="${VERSION%%.*}"
MINOR="$(cut -d. -f2 <<<"$VERSION")"
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"

install -d "$PREFIX/lib/pkgconfig" "$PREFIX/lib/cmake/memoryrelay" "$PREFIX/include"
install -m 0755 "$OUT/libmemoryrelay.so" "$PREFIX/lib/libmemoryrelay.so"
install -m 0644 "$OUT/libmemoryrelay.a" "$PREFIX/lib/libmemoryrelay.a"
install -m 0644 include/memoryrelay.h include/memoryrelay.hpp "$PREFIX/include/"
sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@VERSION@|$VERSION|g" \
    bindings/c/packaging/memoryrelay.pc.in >"$PREFIX/lib/pkgconfig/memoryrelay.pc"
install -m 0644 bindings/c/packaging/memoryrelayConfig.cmake "$PREFIX/lib/cmake/memoryrelay/"
sed -e "s|@VERSION@|$VERSION|g" -e "s|@MAJOR@|$MAJOR|g" -e "s|@MINOR@|$MINOR|g" \
    bindings/c/packaging/memoryrelayConfigVersion.cmake.in \
    >"$PREFIX/lib/cmake/memoryrelay/memoryrelayConfigVersion.cmake"
echo "installed memoryrelay $VERSION ($PROFILE) into $PREFIX"
