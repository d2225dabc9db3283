#!/usr/bin/env bash
# Installs the release artifacts of scripts/dist.sh the way users do, outside the repository,
# and runs each language's quick start against a local server:
#   - Python: a fresh venv on a PATH without cargo, `pip install dist/memoryrelay-*.whl`;
#   - C and C++: the extracted archive, with pkg-config and with CMake find_package, each shared
#     and static;
#   - Go: a consumer module of its own (go.mod requiring the binding, `replace` to this checkout)
#     built with only PKG_CONFIG_PATH pointing at the extracted archive.
# MR_DIST_REUSE=1 skips rebuilding dist/ when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
if [[ "${MR_DIST_REUSE:-}" != 1 || ! -d dist ]]; then
    bash scripts/dist.sh
fi
WORK="$(mktemp -d)"
# shellcheck source=../bindings/c/server.sh
source bindings/c/server.sh
# Each check stops its own server; one left by a failed check exits when this shell does
# (--exit-on-stdin-close).
trap 'rm -rf "$WORK"' EXIT
cargo build -q -p memoryrelay-server --bin memoryrelay-server
cp "${CARGO_TARGET_DIR:-$ROOT/target}/debug/memoryrelay-server" "$WORK/server"
passed=0
# Runs one quick start against a fresh in-memory server (each creates the same agent name).
check() { # name, expected-output regex, command...
    local name="$1" want="$2"; shift 2
    mr_server_start "$WORK/server"
    if MEMORYRELAY_API_URL="$MR_SERVER_URL" MEMORYRELAY_API_KEY="$MR_SERVER_KEY" "$@" \
        >"$WORK/out.txt" 2>&1 && grep -Eq "$want" "$WORK/out.txt"; then
        echo "ok: $name"; passed=$((passed + 1))
    else
        echo "FAILED: $name"; cat "$WORK/out.txt"; exit 1
    fi
    mr_server_stop
}

echo "== Python wheel in a fresh venv, no cargo on PATH"
python3 -m venv "$WORK/venv"
NOCARGO_PATH="$WORK/venv/bin:/usr/local/bin:/usr/bin:/bin"
if env PATH="$NOCARGO_PATH" sh -c 'command -v cargo rustc' >/dev/null; then
    echo "cargo is still on the test PATH" >&2; exit 1
fi
env PATH="$NOCARGO_PATH" pip install --quiet --disable-pip-version-check dist/memoryrelay-*.whl
check "python quickstart (wheel)" '^\[[01]\.[0-9]{2}\] The project uses PostgreSQL 16' \
    env PATH="$NOCARGO_PATH" python "$ROOT/examples/python/quickstart.py"

echo "== C / C++ from the extracted archive"
mkdir -p "$WORK/sdk"
tar -C "$WORK/sdk" --strip-components=1 -xzf dist/memoryrelay-*-"$(rustc -vV | sed -n 's/^host: //p')".tar.gz
export PKG_CONFIG_PATH="$WORK/sdk/lib/pkgconfig"
for kind in memoryrelay memoryrelay-static; do
    # shellcheck disable=SC2046
    cc -std=c99 -Wall -Werror examples/quickstart.c $(pkg-config --cflags --libs $kind) \
        -Wl,-rpath,"$WORK/sdk/lib" -o "$WORK/c-$kind"
    # shellcheck disable=SC2046
    c++ -std=c++17 -Wall -Werror examples/cpp/quickstart.cpp $(pkg-config --cflags --libs $kind) \
        -Wl,-rpath,"$WORK/sdk/lib" -o "$WORK/cpp-$kind"
done
if ldd "$WORK/c-memoryrelay-static" | grep -q libmemoryrelay; then
    echo "the static build links libmemoryrelay.so" >&2; exit 1
fi
for static in OFF ON; do
    cmake -S bindings/c/install-test -B "$WORK/cmake-$static" -G Ninja -DMR_STATIC=$static \
        -DCMAKE_PREFIX_PATH="$WORK/sdk" -DCMAKE_BUILD_RPATH="$WORK/sdk/lib" >/dev/null
    cmake --build "$WORK/cmake-$static" >/dev/null
done
for exe in c-memoryrelay c-memoryrelay-static cmake-OFF/quickstart cmake-ON/quickstart; do
    check "C $exe" '"search_results"|"data"' "$WORK/$exe"
done
for exe in cpp-memoryrelay cpp-memoryrelay-static cmake-OFF/quickstart_cpp cmake-ON/quickstart_cpp; do
    check "C++ $exe" 'PostgreSQL 16' "$WORK/$exe"
done

echo "== Go consumer module, native part from the archive only"
mkdir -p "$WORK/goapp"
cp bindings/go/examples/quickstart/main.go "$WORK/goapp/main.go"
cat >"$WORK/goapp/go.mod" <<GOMOD
module example.com/goapp

go 1.24

require github.com/memoryrelay/memoryrelay/bindings/go v0.0.0

replace github.com/memoryrelay/memoryrelay/bindings/go => $ROOT/bindings/go
GOMOD
(cd "$WORK/goapp" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 && GOFLAGS=-mod=mod go build -o app .)
check "go consumer quickstart" '^\[[01]\.[0-9]{2}\] The project uses PostgreSQL 16' "$WORK/goapp/app"
echo "dist: $passed passed"
