#!/usr/bin/env bash
# The Python binding's suite: build the package from source into the venv, run pytest against
# the local server binary, then mypy --strict on the package and on a user script.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="$(bash bindings/python/setup-venv.sh)"

echo "== python: build server (fault-injection) and uniffi-bindgen"
cargo build -q -p memoryrelay-server --features fault-injection
# The shared target dir's binary is rebuilt without the feature by other suites: keep a copy.
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target_dir/python-tests"
cp "$target_dir/debug/memoryrelay-server" "$target_dir/python-tests/memoryrelay-server"
export MEMORYRELAY_SERVER_BIN="$target_dir/python-tests/memoryrelay-server"
cargo build -q -p uniffi-bindgen

echo "== python: pip install ./bindings/python (maturin, dev profile)"
# Dev profile: the tests need the code, not the release optimizer (the benchmark uses release).
PATH="$venv/bin:$PATH" MATURIN_PEP517_ARGS="--profile dev" "$venv/bin/python" -m pip install --quiet \
    --disable-pip-version-check --no-build-isolation --no-deps --force-reinstall ./bindings/python

echo "== python: pytest"
# Run from the tests folder against the installed package, not the source tree.
(cd bindings/python/tests && "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    --import-mode=prepend .)

echo "== python: mypy --strict"
(cd bindings/python && "$venv/bin/mypy" --strict --no-incremental -p memoryrelay \
    && "$venv/bin/mypy" --strict --no-incremental tests/typing_check.py)

echo "== uniffi: Swift and Kotlin bindings generate from the library (library mode)"
cargo build -q -p memoryrelay-ffi --lib
gen="$(mktemp -d)"
trap 'rm -rf "$gen"' EXIT
for lang in swift kotlin; do
    "$target_dir/debug/uniffi-bindgen" generate --no-format --library \
        "$target_dir/debug/libmemoryrelay.so" --language "$lang" --out-dir "$gen/$lang" >/dev/null
done
# Kotlin does not compile when an error field is called `message` (it clashes with
# Throwable.message); the UniFFI error calls it `reason`. (bindings/kotlin/test.sh compiles it.)
kt="$(find "$gen/kotlin" -name memoryrelay.kt)"
if grep -q 'val `message`' "$kt"; then
    echo "Kotlin bindings declare an error field named message (name it reason)" >&2
    exit 1
fi
grep -q 'class MemoryRelayClient' "$kt"
grep -q 'func callBlocking' "$gen"/swift/memoryrelay.swift
echo "swift and kotlin bindings generated"
