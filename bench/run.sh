#!/usr/bin/env bash
# The cross-language benchmark: one workload (2,000 memories.get, 200 memories.search limit 10,
# 200 memories.create) through every language against one release server, the rows interleaved
# in rounds, client CPU and wall per call as ratios to native Rust. Writes bench/REPORT.md,
# bench/results.json and bench/chart.png. A benchmark, not a test: not run by CI.
#
#   bash bench/run.sh [--rounds N] [--warmup N] [--gets N] [--searches N] [--creates N]
#
# Rows: Rust (async, blocking), C (mr_call), Go, Python (ours, official memoryrelay 0.3.0 and
# 0.4.0 from PyPI), Kotlin (when java and mvn are installed), Swift (when the Swift chroot of
# bindings/swift can be set up). Everything is built with the dist profile (optimised, thin
# LTO). Venvs and the Maven repository are cached under /var/cache/memoryrelay when writable,
# else under target/. MR_BENCH_SKIP="kotlin swift" leaves rows out.
set -euo pipefail
export CARGO_TERM_PROGRESS_WHEN=never
cd "$(dirname "$0")/.."
repo="$PWD"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
mkdir -p "$target_dir"
target_dir="$(cd "$target_dir" && pwd)"
dist="$target_dir/dist"
work="$target_dir/bench"
mkdir -p "$work"
cache=/var/cache/memoryrelay
[ -d "$cache" ] && [ -w "$cache" ] || cache="$target_dir"
skip=" ${MR_BENCH_SKIP:-} "
rows="$work/rows.json"
declare -a row_json=()
row() { # name, then the command words
    local name="$1"
    shift
    row_json+=("$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "cmd": sys.argv[2:]}))' "$name" "$@")")
}

echo "== build: server, library, uniffi-bindgen (dist profile)"
cargo build -q --profile dist -p memoryrelay-server --bin memoryrelay-server
cargo build -q --profile dist -p memoryrelay-ffi --lib
cargo build -q -p uniffi-bindgen

echo "== Rust"
cp Cargo.lock bench/rust/Cargo.lock
CARGO_TARGET_DIR="$target_dir" cargo build -q --profile dist --manifest-path bench/rust/Cargo.toml
row "Rust (async)" "$dist/memoryrelay-bench-rust" async
row "Rust (blocking)" "$dist/memoryrelay-bench-rust" blocking

echo "== C"
cc -O2 -std=c11 -Wall -Wextra -Werror -Iinclude bench/c/workload.c -L"$dist" -lmemoryrelay \
    -Wl,-rpath,"$dist" -o "$work/workload-c"
row "C (mr_call)" "$work/workload-c"

echo "== Go"
bash scripts/install-c.sh "$work/go-sdk" --profile dist >/dev/null
(cd bench/go && PKG_CONFIG_PATH="$work/go-sdk/lib/pkgconfig" CGO_ENABLED=1 GOFLAGS=-mod=mod \
    go build -o "$work/workload-go" .)
row "Go" "$work/workload-go"

echo "== Python: our wheel, official 0.3.0 and 0.4.0"
tools="$(bash bindings/python/setup-venv.sh)"
rm -rf "$work/wheel"
(cd bindings/python && PATH="$tools/bin:$PATH" maturin build -q --profile dist -o "$work/wheel")
venv() { # dir, pip requirement...
    local dir="$1"
    shift
    [ -x "$dir/bin/python" ] || python3 -m venv "$dir"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
}
venv "$cache/py-venv-bench" --force-reinstall "$work"/wheel/*.whl
venv "$cache/py-venv-official-0.3.0" "memoryrelay==0.3.0"
venv "$cache/py-venv-official-0.4.0" "memoryrelay==0.4.0"
venv "$cache/py-venv-bench-report" "matplotlib>=3.7,<4"
row "Python (ours)" "$cache/py-venv-bench/bin/python" "$repo/bench/python/workload.py"
row "Python (official 0.3.0)" "$cache/py-venv-official-0.3.0/bin/python" "$repo/bench/python/workload.py"
row "Python (official 0.4.0)" "$cache/py-venv-official-0.4.0/bin/python" "$repo/bench/python/workload.py"

if [[ "$skip" != *" kotlin "* ]] && command -v java >/dev/null && command -v mvn >/dev/null; then
    echo "== Kotlin"
    m2="${MEMORYRELAY_M2:-$cache/m2}"
    gen="$repo/bench/kotlin/target/generated-sources/uniffi"
    rm -rf "$gen"
    mkdir -p "$gen"
    "$target_dir/debug/uniffi-bindgen" generate --no-format --library "$dist/libmemoryrelay.so" \
        --language kotlin --out-dir "$gen" >/dev/null
    (cd bench/kotlin && mvn -B -q -Dmaven.repo.local="$m2" package dependency:build-classpath \
        -Dmdep.outputFile=target/classpath.txt)
    row "Kotlin" java -Djna.library.path="$dist" \
        -cp "$repo/bench/kotlin/target/classes:$(cat bench/kotlin/target/classpath.txt)" \
        dev.memoryrelay.bench.WorkloadKt
else
    echo "== Kotlin: skipped"
fi

if [[ "$skip" != *" swift "* ]] && bash bindings/swift/tools/setup-chroot.sh >/dev/null 2>&1; then
    echo "== Swift"
    bash bindings/swift/tools/generate-uniffi.sh "$dist/libmemoryrelay.so"
    bash bench/swift/row.sh build "$dist"
    row "Swift" bash "$repo/bench/swift/row.sh" run "$dist"
else
    echo "== Swift: skipped"
fi

(IFS=,; echo "[${row_json[*]}]") >"$rows"
echo "== run"
"$cache/py-venv-bench-report/bin/python" bench/harness.py --server "$dist/memoryrelay-server" \
    --rows "$rows" --out bench "$@"
