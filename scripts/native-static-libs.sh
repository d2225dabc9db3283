#!/usr/bin/env bash
# Prints the system libraries a program must link after libmemoryrelay.a, as rustc reports them
# for this library (`--print native-static-libs`), e.g. `-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc`.
# The one source of these flags: install-c.sh writes them into the pkg-config files and the
# CMake package, and the Go binding takes them from pkg-config.
#
#   scripts/native-static-libs.sh [PROFILE]     (cargo profile; default release)
#
# rustc prints the list only when it links the archive, so it is kept beside the archive
# (target/<profile>/memoryrelay-native-static-libs.txt) and the archive is relinked when the
# file is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${1:-release}"
DIR="${CARGO_TARGET_DIR:-target}/$([[ $PROFILE == dev ]] && echo debug || echo "$PROFILE")"
CACHE="$DIR/memoryrelay-native-static-libs.txt"
link() {
    cargo rustc -q -p memoryrelay-ffi --lib --profile "$PROFILE" --crate-type staticlib \
        -- --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p'
}
libs="$(link)"
if [[ -z "$libs" && ! -s "$CACHE" ]]; then
    # Up to date but never recorded: make rustc link the archive again.
    touch ffi/src/lib.rs
    libs="$(link)"
fi
if [[ -n "$libs" ]]; then
    mkdir -p "$DIR"
    printf '%s\n' "$libs" >"$CACHE"
fi
if [[ ! -s "$CACHE" ]]; then
    echo "native-static-libs: rustc printed no list" >&2
    exit 1
fi
cat "$CACHE"
