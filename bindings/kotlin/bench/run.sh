#!/usr/bin/env bash
# Benchmark (not a test; not in CI): memories.get through the Kotlin SDK (typed, suspend) vs
# the native Rust client (typed; bench/native, loaded into the same JVM), alternating call by
# call against one release server (release library, server and native client). Results go to
# docs/kotlin.md. Size: BENCH_CALLS calls per variant (default 5000).
set -euo pipefail
export CARGO_TERM_PROGRESS_WHEN=never
here="$(cd "$(dirname "$0")" && pwd)"
kotlin="$(cd "$here/.." && pwd)"
repo="$(cd "$kotlin/../.." && pwd)"
cd "$repo"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
m2="${MEMORYRELAY_M2:-/var/cache/memoryrelay/m2}"
calls="${BENCH_CALLS:-5000}"

cargo build -q --release -p memoryrelay-ffi -p memoryrelay-server
cargo build -q -p uniffi-bindgen
cp Cargo.lock "$here/native/Cargo.lock"
CARGO_TARGET_DIR="$target_dir" cargo build -q --release --manifest-path "$here/native/Cargo.toml"

# The SDK's classes against the release library (the tests are not run here).
gen="$kotlin/target/generated-sources/uniffi"
native="$kotlin/target/native/linux-x86-64"
rm -rf "$gen" "$native"
mkdir -p "$gen" "$native"
"$target_dir/debug/uniffi-bindgen" generate --no-format --library "$target_dir/release/libmemoryrelay.so" \
    --language kotlin --out-dir "$gen" >/dev/null
cp "$target_dir/release/libmemoryrelay.so" "$native/"
(cd "$kotlin" && mvn -B -q -Dmaven.repo.local="$m2" test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
cp="$kotlin/target/classes:$kotlin/target/test-classes:$(cat "$kotlin/target/bench-classpath.txt")"

key="mem_bench$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
coproc SERVER { exec "$target_dir/release/memoryrelay-server" --port 0 --ready-json --db :memory: \
    --exit-on-stdin-close --api-key "$key"; }
server_in="${SERVER[1]}"
trap 'exec {server_in}>&-; wait' EXIT
read -r ready <&"${SERVER[0]}"
url="$(sed -E 's/.*"url" *: *"([^"]+)".*/\1/' <<<"$ready")"

java -cp "$cp" dev.memoryrelay.bench.GetBenchKt "$url" "$key" "$calls" \
    "$target_dir/release/libmemoryrelay_kotlin_bench_native.so"
