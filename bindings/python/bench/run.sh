#!/usr/bin/env bash
# Reproduces the benchmark of docs/uniffi.md: builds our release wheel, installs it and the
# official memoryrelay 0.3.0 (same import name) into two separate venvs, then runs the same
# workload through both against one local server. Not part of test-all (it is slow and a
# benchmark, not a test).
set -euo pipefail
cd "$(dirname "$0")/../../.."

base="${MEMORYRELAY_BENCH_VENVS:-/var/cache/memoryrelay}"
[ -d "$base" ] && [ -w "$base" ] || base="$PWD/target"
ours="$base/py-venv-bench"
official="$base/py-venv-official"
tools="$(bash bindings/python/setup-venv.sh)"

cargo build -q -p memoryrelay-server --features fault-injection
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target_dir/python-tests"
cp "$target_dir/debug/memoryrelay-server" "$target_dir/python-tests/memoryrelay-server"

wheels="$(mktemp -d)"
(cd bindings/python && PATH="$tools/bin:$PATH" maturin build --release -o "$wheels")
[ -x "$ours/bin/python" ] || python3 -m venv "$ours"
"$ours/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall "$wheels"/*.whl
[ -x "$official/bin/python" ] || python3 -m venv "$official"
"$official/bin/python" -m pip install -q --disable-pip-version-check "memoryrelay==0.3.0"

python3 bindings/python/bench/run_bench.py --ours-python "$ours/bin/python" \
    --official-python "$official/bin/python" \
    --server "$target_dir/python-tests/memoryrelay-server" "$@"
