#!/usr/bin/env bash
# Builds the Rust library and the fault-injection server, then builds and runs the C/C++ suites
# with CMake + ctest. Options:
#   --valgrind   also run every suite under valgrind (smaller stress sizes, see below)
#   --only-valgrind  run only the valgrind pass
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PLAIN=1
VALGRIND=0
case "${1:-}" in
    --valgrind) VALGRIND=1 ;;
    --only-valgrind) VALGRIND=1; PLAIN=0 ;;
    "") ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
esac

cargo build -p memoryrelay-ffi --lib
cargo build -p memoryrelay-server --features fault-injection --bin memoryrelay-server

# Private copies: other cargo invocations may rebuild target/debug/memoryrelay-server without
# the feature while the suites run.
STAGE="$ROOT/bindings/c/build/stage"
mkdir -p "$STAGE"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
cp "$TARGET/debug/memoryrelay-server" "$STAGE/memoryrelay-server"
cp "$TARGET/debug/libmemoryrelay.so" "$STAGE/libmemoryrelay.so"

configure_and_test() { # build-dir, extra cmake args...
    local dir="$1"; shift
    cmake -S bindings/c -B "$dir" -G Ninja -DMR_LIB_DIR="$STAGE" \
        -DMR_SERVER_BIN="$STAGE/memoryrelay-server" "$@" >/dev/null
    cmake --build "$dir"
    ctest --test-dir "$dir" --output-on-failure
}

if [[ $PLAIN -eq 1 ]]; then
    echo "== C ABI suites"
    configure_and_test bindings/c/build/default -DMR_VALGRIND=OFF
fi
if [[ $VALGRIND -eq 1 ]]; then
    # Under valgrind every instruction is ~30x slower: the shared-handle stress test runs
    # 8 threads x 100 calls instead of 16 x 1000 (the full size runs in the plain pass).
    echo "== C ABI suites under valgrind"
    configure_and_test bindings/c/build/valgrind -DMR_VALGRIND=ON -DMR_STRESS_THREADS=8 \
        -DMR_STRESS_CALLS=100
fi
