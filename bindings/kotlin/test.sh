#!/usr/bin/env bash
# The Kotlin SDK suite: builds the Rust parts (the library, uniffi-bindgen, the local server
# with fault injection), generates the UniFFI Kotlin layer from the library, puts the library
# into the jar's resources (linux-x86-64/, JNA's path), runs ktlint, `mvn install` (compiles
# with -Werror, runs the JUnit 5 suite against the local server, installs the jar into the
# cached Maven repository) and then the consumer project (consumer-test/, which depends on the
# installed jar only) runs the quick start.
#
# Maven downloads are cached in $MEMORYRELAY_M2 (default /var/cache/memoryrelay/m2, else
# target/m2); once a run has filled it, later runs are offline (-o).
set -euo pipefail
export CARGO_TERM_PROGRESS_WHEN=never
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

m2="${MEMORYRELAY_M2:-/var/cache/memoryrelay/m2}"
if ! mkdir -p "$m2" 2>/dev/null || [ ! -w "$m2" ]; then m2="$repo/target/m2"; mkdir -p "$m2"; fi
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
ktlint_version=1.5.0

echo "== kotlin: cargo build (library, uniffi-bindgen, server)"
cargo build -q -p memoryrelay-ffi -p uniffi-bindgen
cargo build -q -p memoryrelay-server --features fault-injection

echo "== kotlin: UniFFI bindings and the native library"
gen="$here/target/generated-sources/uniffi"
native="$here/target/native/linux-x86-64"
rm -rf "$gen" "$native"
mkdir -p "$gen" "$native"
"$target_dir/debug/uniffi-bindgen" generate --no-format --library \
    "$target_dir/debug/libmemoryrelay.so" --language kotlin --out-dir "$gen" >/dev/null
cp "$target_dir/debug/libmemoryrelay.so" "$native/libmemoryrelay.so"

# Offline once the cache holds what this pom and ktlint need (keyed by their hash).
stamp="$m2/.memoryrelay-kotlin-$(cat "$here/pom.xml" "$here/consumer-test/pom.xml" | sha256sum | cut -c1-16)-$ktlint_version"
mvn_flags=(-B -q -Dmaven.repo.local="$m2" -Dstyle.color=never)
[ -f "$stamp" ] && mvn_flags+=(-o)

echo "== kotlin: ktlint"
ktlint_jar="$m2/com/pinterest/ktlint/ktlint-cli/$ktlint_version/ktlint-cli-$ktlint_version-all.jar"
if [ ! -f "$ktlint_jar" ]; then
    mvn "${mvn_flags[@]}" dependency:get -Dartifact="com.pinterest.ktlint:ktlint-cli:$ktlint_version:jar:all" -Dtransitive=false
fi
java -jar "$ktlint_jar" --relative "bindings/kotlin/src/**/*.kt" "bindings/kotlin/consumer-test/src/**/*.kt" "examples/kotlin/*.kt"

echo "== kotlin: mvn install (compile with -Werror, JUnit 5 against the local server)"
(cd "$here" && mvn "${mvn_flags[@]}" install -Dmemoryrelay.server.bin="$target_dir/debug/memoryrelay-server")

echo "== kotlin: a consumer project runs the quick start against the installed jar only"
consumer="$here/consumer-test"
(cd "$consumer" && mvn "${mvn_flags[@]}" package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
touch "$stamp"

key="mem_consumer$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
coproc SERVER { exec "$target_dir/debug/memoryrelay-server" --port 0 --ready-json --db :memory: \
    --exit-on-stdin-close --api-key "$key"; }
server_in="${SERVER[1]}"
trap 'exec {server_in}>&-; wait' EXIT
read -r ready <&"${SERVER[0]}"
url="$(sed -E 's/.*"url" *: *"([^"]+)".*/\1/' <<<"$ready")"
out="$(env -u JAVA_TOOL_OPTIONS MEMORYRELAY_API_KEY="$key" MEMORYRELAY_API_URL="$url" \
    java -cp "$consumer/target/classes:$(cat "$consumer/target/classpath.txt")" examples.quickstart.QuickStartKt)"
echo "$out"
grep -Eq '^\[[0-9]\.[0-9]{2}\] The project uses PostgreSQL 16' <<<"$out"
echo "kotlin: all green"
