#!/usr/bin/env bash
# Builds the Go binding against the Rust library and runs its checks.
#
#   bindings/go/build.sh [--release] [build|test|bench|example]
#
#   build    (default) install the C SDK built by cargo into target/go-sdk/<profile> (as a user
#            installs it: scripts/install-c.sh), point PKG_CONFIG_PATH at it, go build ./...
#   test     build, plus the fault-injection server; gofmt -l, go vet, go test -race ./...
#            (the tests start the server themselves), then the quickstart example against it
#   bench    build (use --release), run the Go benchmarks against the server
#
# The library is linked statically through pkg-config (see link.go), so the Go binaries need no
# LD_LIBRARY_PATH. The install is a copy: other cargo invocations may rebuild target/ meanwhile.
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
    local sdk="${CARGO_TARGET_DIR:-$ROOT/target}/go-sdk/$PROFILE"
    bash scripts/install-c.sh "$sdk" --profile "$PROFILE" >/dev/null
    export PKG_CONFIG_PATH="$sdk/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
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
