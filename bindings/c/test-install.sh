#!/usr/bin/env bash
# Installs the SDK into a temporary prefix with scripts/install-c.sh, then builds
# examples/quickstart.c against it twice (pkg-config, and CMake find_package) and runs both
# against a local server. MR_INSTALL_PROFILE=release tests the release build (default: debug,
# which CI uses to keep its run short).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PROFILE="${MR_INSTALL_PROFILE:-debug}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bash scripts/install-c.sh "$WORK/prefix" --profile "$PROFILE"
cargo build -p memoryrelay-server --bin memoryrelay-server
cp "${CARGO_TARGET_DIR:-$ROOT/target}/debug/memoryrelay-server" "$WORK/server"

echo "== pkg-config"
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
pkg-config --exists memoryrelay
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror examples/quickstart.c $(pkg-config --cflags --libs memoryrelay) \
    -Wl,-rpath,"$WORK/prefix/lib" -o "$WORK/quickstart-pkgconfig"

echo "== cmake find_package"
cmake -S bindings/c/install-test -B "$WORK/cmake-build" -G Ninja \
    -DCMAKE_PREFIX_PATH="$WORK/prefix" -DCMAKE_BUILD_RPATH="$WORK/prefix/lib" >/dev/null
cmake --build "$WORK/cmake-build" >/dev/null

# shellcheck source=bindings/c/server.sh
source bindings/c/server.sh
passed=0
failed=0
for exe in "$WORK/quickstart-pkgconfig" "$WORK/cmake-build/quickstart"; do
    mr_server_start "$WORK/server"
    if MEMORYRELAY_API_URL="$MR_SERVER_URL" MEMORYRELAY_API_KEY="$MR_SERVER_KEY" "$exe" >"$WORK/out.txt" 2>&1 &&
        grep -q '"search_results"' "$WORK/out.txt"; then
        echo "ok: $(basename "$exe")"
        passed=$((passed + 1))
    else
        echo "FAILED: $exe"; cat "$WORK/out.txt"
        failed=$((failed + 1))
    fi
    mr_server_stop
done
cd "$ROOT"
echo "install: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
