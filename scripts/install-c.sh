#!/usr/bin/env bash
# Installs the C SDK into PREFIX: lib/libmemoryrelay.{so,a}, include/memoryrelay.h[pp],
# lib/pkgconfig/memoryrelay.pc (shared) and memoryrelay-static.pc (archive), and
# lib/cmake/memoryrelay/ (find_package support). The tree is relocatable (the release archive of
# scripts/dist.sh is this tree).
#
#   scripts/install-c.sh PREFIX [--profile release|dist|debug]     (default: release)
#
# Afterwards: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs memoryrelay,
# or cmake -DCMAKE_PREFIX_PATH=PREFIX with find_package(memoryrelay).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${1:?usage: scripts/install-c.sh PREFIX [--profile release|debug]}"
PROFILE=release
if [[ "${2:-}" == "--profile" ]]; then PROFILE="${3:?--profile needs a value}"; fi
case "$PROFILE" in
    release | dist) CARGO_PROFILE="$PROFILE"; OUT="${CARGO_TARGET_DIR:-target}/$PROFILE" ;;
    debug) CARGO_PROFILE=dev; OUT="${CARGO_TARGET_DIR:-target}/debug" ;;
    *) echo "unknown profile $PROFILE" >&2; exit 2 ;;
esac
# The archive first (its native libraries are recorded as it links), then the shared library.
NATIVE_LIBS="$(bash scripts/native-static-libs.sh "$CARGO_PROFILE")"
cargo build -p memoryrelay-ffi --lib --profile "$CARGO_PROFILE"
# CMake wants a list of library names: "-lgcc_s -lm" -> "gcc_s;m".
NATIVE_LIBS_CMAKE="$(sed -e 's/-l//g' -e 's/ \+/;/g' <<<"$NATIVE_LIBS")"

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
MAJOR="${VERSION%%.*}"
MINOR="$(cut -d. -f2 <<<"$VERSION")"
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"

install -d "$PREFIX/lib/pkgconfig" "$PREFIX/lib/cmake/memoryrelay" "$PREFIX/include"
install -m 0755 "$OUT/libmemoryrelay.so" "$PREFIX/lib/libmemoryrelay.so"
install -m 0644 "$OUT/libmemoryrelay.a" "$PREFIX/lib/libmemoryrelay.a"
install -m 0644 include/memoryrelay.h include/memoryrelay.hpp "$PREFIX/include/"
for pc in memoryrelay memoryrelay-static; do
    sed -e "s|@VERSION@|$VERSION|g" -e "s|@NATIVE_LIBS@|$NATIVE_LIBS|g" \
        "bindings/c/packaging/$pc.pc.in" >"$PREFIX/lib/pkgconfig/$pc.pc"
done
sed -e "s|@NATIVE_LIBS_CMAKE@|$NATIVE_LIBS_CMAKE|g" bindings/c/packaging/memoryrelayConfig.cmake.in \
    >"$PREFIX/lib/cmake/memoryrelay/memoryrelayConfig.cmake"
sed -e "s|@VERSION@|$VERSION|g" -e "s|@MAJOR@|$MAJOR|g" -e "s|@MINOR@|$MINOR|g" \
    bindings/c/packaging/memoryrelayConfigVersion.cmake.in \
    >"$PREFIX/lib/cmake/memoryrelay/memoryrelayConfigVersion.cmake"
echo "installed memoryrelay $VERSION ($PROFILE) into $PREFIX"
