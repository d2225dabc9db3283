#!/usr/bin/env bash
# Runs every test suite of the repository. README's second command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== rust: fmt"
cargo fmt --all -- --check
echo "== rust: clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
echo "== rust: tests"
cargo test --workspace --all-features

# ---- C ABI (include/, bindings/c/) -------------------------------------------------------------
echo "== C ABI: header is current (cbindgen --verify)"
bash scripts/check-header.sh
echo "== C ABI: C/C++ suites against the local server, then all of them under valgrind"
bash bindings/c/run-tests.sh --valgrind
echo "== C ABI: install into a temp prefix, build examples/quickstart.c (pkg-config, CMake)"
bash bindings/c/test-install.sh

# ---- Python binding (bindings/python: UniFFI + maturin) ----------------------------------------
echo "== python: package from source, pytest against the local server, mypy --strict"
bash bindings/python/test.sh

# ---- Go binding (bindings/go/) -----------------------------------------------------------------
echo "== Go: gofmt -l, go vet, go test -race against the local server, examples/quickstart"
bash bindings/go/build.sh test
