#!/usr/bin/env bash
# The Swift package's suite: in a Debian trixie chroot with Swift 6 (made once, cached under
# /var/cache/memoryrelay), build the package in the Swift 6 language mode with warnings as
# errors, run its XCTest suite against the local server, then build the consumer package
# examples/swift (which depends on bindings/swift by path) and run its examples.
# Usage: bindings/swift/test.sh            (needs root for debootstrap/chroot)
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS

echo "== swift: toolchain chroot"
bash bindings/swift/tools/setup-chroot.sh

echo "== swift: build the library, uniffi-bindgen and the server (fault-injection)"
cargo build -q -p memoryrelay-ffi -p uniffi-bindgen
cargo build -q -p memoryrelay-server --features fault-injection
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"

echo "== swift: UniFFI Swift and header from the library (library mode)"
bash bindings/swift/tools/generate-uniffi.sh "$target_dir/debug/libmemoryrelay.so"

link="-Xlinker -L/opt/memoryrelay/lib -Xlinker -rpath -Xlinker /opt/memoryrelay/lib"
run() {
  bash bindings/swift/tools/in-chroot.sh "$target_dir/debug" \
    "$target_dir/debug/memoryrelay-server" -- "$@"
}

echo "== swift: swift build (Swift 6 mode, warnings as errors) + swift test (XCTest)"
run "set -e; cd /src/bindings/swift
  swift build --scratch-path /build/pkg $link -Xswiftc -warnings-as-errors --target MemoryRelay
  swift test --scratch-path /build/pkg $link ${SWIFT_TEST_ARGS:-}"

echo "== swift: consumer package examples/swift (path dependency) runs the examples"
run "set -e; cd /src/examples/swift/Examples
  swift build --scratch-path /build/examples $link
  bash /src/bindings/swift/tools/run-examples.sh /build/examples/debug"

echo "== swift: done in $((SECONDS - started)) s"
