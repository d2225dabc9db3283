#!/usr/bin/env bash
# Benchmark (not a test): memories.get through the Swift SDK (typed skin, async, UniFFI) vs the
# native Rust client (typed, async), against one local server (dist profile), in one run.
# The two sides alternate in rounds (ROUNDS × CALLS gets each), so drift in the shared
# machine's load hits both alike; the ratio is median(Swift round medians) / median(native
# round medians). Swift runs in the toolchain chroot (tools/in-chroot.sh), built -c release.
#   bindings/swift/Benchmarks/run.sh [ROUNDS=5] [CALLS=2000]
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS="${1:-5}"
CALLS="${2:-2000}"
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
dist="$target_dir/dist"

bash bindings/swift/tools/setup-chroot.sh >/dev/null
echo "== build (dist profile): library, server, native runner"
cargo build -q --profile dist -p memoryrelay-ffi --lib
cargo build -q --profile dist -p memoryrelay-server --bin memoryrelay-server
cargo build -q -p uniffi-bindgen
native_dir="$(mktemp -d)"
trap 'rm -rf "$native_dir"' EXIT
cp -r bindings/swift/Benchmarks/native/. "$native_dir/"
sed -i "s#path = \"../../../..\"#path = \"$PWD\"#" "$native_dir/Cargo.toml"
cp Cargo.lock "$native_dir/Cargo.lock"
CARGO_TARGET_DIR="$target_dir" cargo build -q --profile dist --manifest-path "$native_dir/Cargo.toml"
bash bindings/swift/tools/generate-uniffi.sh "$dist/libmemoryrelay.so"

key="mem_bench_$RANDOM$RANDOM"
coproc SRV { exec "$dist/memoryrelay-server" --port 0 --ready-json --db :memory: \
  --exit-on-stdin-close --api-key "$key"; }
srv_pid=$SRV_PID
trap 'rm -rf "$native_dir"; exec {SRV[1]}>&- 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true' EXIT
read -r ready <&"${SRV[0]}"
url="$(sed -E 's/.*"url":"([^"]+)".*/\1/' <<<"$ready")"

link="-Xlinker -L/opt/memoryrelay/lib -Xlinker -rpath -Xlinker /opt/memoryrelay/lib"
swift_side() {
  MEMORYRELAY_SWIFT_ENV="MEMORYRELAY_API_KEY=$key MEMORYRELAY_API_URL=$url" \
    bash bindings/swift/tools/in-chroot.sh "$dist" "$dist/memoryrelay-server" -- "$@"
}
echo "== build (swift -c release)"
swift_side "cd /src/bindings/swift/Benchmarks && swift build -c release --scratch-path /build/bench $link 2>&1 | tail -1"

native=()
swift=()
for r in $(seq "$ROUNDS"); do
  n="$(MEMORYRELAY_API_KEY="$key" MEMORYRELAY_API_URL="$url" "$target_dir/dist/memoryrelay-swift-bench-native" "$CALLS")"
  s="$(swift_side "/build/bench/release/bench-get $CALLS")"
  echo "round $r: $n | $s"
  native+=("$(awk '{print $3}' <<<"$n")")
  swift+=("$(awk '{print $3}' <<<"$s")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mn="$(median "${native[@]}")"
ms="$(median "${swift[@]}")"
echo "memories.get median of round medians: native ${mn} µs, swift ${ms} µs, ratio swift/native $(awk "BEGIN {printf \"%.3f\", $ms/$mn}") (target <= 1.25)"
