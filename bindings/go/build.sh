#!/usr/bin/env bash
# Builds the Go binding against the Rust library and runs its checks.
#
#   bindings/go/build.sh [--release] [build|test|bench|example]
#
#   build    (default) cargo build the library, copy libmemoryrelay.a into bindings/go/lib/,
#            go build ./...
#   test     build, plus the fault-injection server; gofmt -l, go vet, go test -race ./...
#            (the tests start the server themselves), then the quickstart example against it
#   bench    build (use --release), run the Go benchmarks against the server
#
# The library is linked statically (see link_local.go), so the Go binaries need no
# LD_LIBRARY_PATH. Copies, not links: other cargo invocations may rebuild target/ meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PROFILE=debug
CARGO_PROFILE=()
if [[ "${1:-}" == "--release" ]]; then
    PROFILE=release; CARGO_PROFILE=(--release); shift
fi
CMD="${1:-build}"
GODIR="$ROOT/bindings/go"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED=1

build_lib() {
    cargo build -p memoryrelay-ffi --lib "${CARGO_PROFILE[@]}"
    mkdir -p "$GODIR/lib"
    cp "target/$PROFILE/libmemoryrelay.a" "$GODIR/lib/libmemoryrelay.a.tmp"
    mv "$GODIR/lib/libmemoryrelay.a.tmp" "$GODIR/lib/libmemoryrelay.a"
}
build_server() {
    cargo build -p memoryrelay-server --features fault-injection --bin memoryrelay-server "${CARGO_PROFILE[@]}"
    mkdir -p "$GODIR/.stage"
    cp "target/$PROFILE/memoryrelay-server" "$GODIR/.stage/memoryrelay-server.tmp"
    mv "$GODIR/.stage/memoryrelay-server.tmp" "$GODIR/.stage/memoryrelay-server"
    export MEMORYRELAY_SERVER_BIN="$GODIR/.stage/memoryrelay-server"
}

case "$CMD" in
build)
    build_lib
    (cd "$GODIR" && go build ./...)
    ;;
test)
    build_lib
    build_server
    cd "$GODIR"
    echo "== go: gofmt -l"
    unformatted="$(gofmt -l .)"
    if [[ -n "$unformatted" ]]; then echo "gofmt needed: $unformatted" >&2; exit 1; fi
    echo "== go: go vet"
    go vet ./...
    echo "== go: go test -race"
    go test -race -count=1 -timeout 15m ./...
    echo "== go: examples/quickstart against a local server"
    bash "$GODIR/examples/run-quickstart.sh" "$MEMORYRELAY_SERVER_BIN"
    ;;
bench)
    build_lib
    build_server
    cd "$GODIR"
    go test -run '^$' -bench . -benchtime "${MR_GO_BENCHTIME:-5000x}" -count "${MR_GO_BENCHCOUNT:-3}" .
    ;;
*)
    echo "unknown command $CMD" >&2; exit 2 ;;
esac
