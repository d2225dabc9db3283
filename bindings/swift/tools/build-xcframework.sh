#!/usr/bin/env bash
# Apple platforms: builds libmemoryrelay for iOS (device), the iOS simulator (arm64 + x86_64)
# and macOS (arm64 + x86_64), packs it into memoryrelayFFI.xcframework with the UniFFI header
# and module map, and writes dist/MemoryRelay/: the same Swift package in its `binaryTarget`
# form (no prebuilt library needed on the consumer's side).
#
# Needs macOS with Xcode (xcodebuild, lipo) and rustup. It CANNOT run on Linux (no Apple SDKs,
# no xcodebuild); the Linux CI builds and tests the package from source instead (test.sh).
#   bindings/swift/tools/build-xcframework.sh [--profile release]
set -euo pipefail

if [[ "$(uname -s)" != "Darwin" ]] || ! command -v xcodebuild >/dev/null; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild); it cannot run on $(uname -s)" >&2
  exit 2
fi

PKG="$(cd "$(dirname "$0")/.." && pwd)"
REPO="$(cd "$PKG/../.." && pwd)"
PROFILE="release"
[[ "${1:-}" == "--profile" ]] && PROFILE="$2"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
DIST="$PKG/dist"
WORK="$DIST/work"
TARGETS=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)

rm -rf "$DIST"
mkdir -p "$WORK"
rustup target add "${TARGETS[@]}"
for t in "${TARGETS[@]}"; do
  cargo build --manifest-path "$REPO/Cargo.toml" -p memoryrelay-ffi --lib --profile "$PROFILE" --target "$t"
done
lib() { echo "$TARGET_DIR/$1/$PROFILE/libmemoryrelay.a"; }

# One static library per platform slice (fat for the simulator and macOS).
mkdir -p "$WORK/ios" "$WORK/ios-sim" "$WORK/macos"
cp "$(lib aarch64-apple-ios)" "$WORK/ios/libmemoryrelay.a"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$WORK/ios-sim/libmemoryrelay.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$WORK/macos/libmemoryrelay.a"

# The UniFFI header and Swift, from the macOS library (library mode reads its metadata).
cargo build --manifest-path "$REPO/Cargo.toml" -p uniffi-bindgen
"$TARGET_DIR/debug/uniffi-bindgen" generate --library "$TARGET_DIR/aarch64-apple-darwin/$PROFILE/libmemoryrelay.dylib" \
  --language swift --out-dir "$WORK/uniffi" >/dev/null
mkdir -p "$WORK/headers"
cp "$WORK/uniffi/memoryrelayFFI.h" "$WORK/headers/"
cat > "$WORK/headers/module.modulemap" <<'MAP'
module memoryrelayFFI {
    header "memoryrelayFFI.h"
    export *
}
MAP

xcodebuild -create-xcframework \
  -library "$WORK/ios/libmemoryrelay.a" -headers "$WORK/headers" \
  -library "$WORK/ios-sim/libmemoryrelay.a" -headers "$WORK/headers" \
  -library "$WORK/macos/libmemoryrelay.a" -headers "$WORK/headers" \
  -output "$DIST/MemoryRelay/memoryrelayFFI.xcframework"

# The binaryTarget form of the package: same Swift sources, the C part from the XCFramework.
mkdir -p "$DIST/MemoryRelay/Sources/MemoryRelayUniFFI"
cp "$WORK/uniffi/memoryrelay.swift" "$DIST/MemoryRelay/Sources/MemoryRelayUniFFI/"
cp -R "$PKG/Sources/MemoryRelay" "$DIST/MemoryRelay/Sources/"
cat > "$DIST/MemoryRelay/Package.swift" <<'MANIFEST'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "MemoryRelay",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [.library(name: "MemoryRelay", targets: ["MemoryRelay"])],
    targets: [
        .binaryTarget(name: "memoryrelayFFI", path: "memoryrelayFFI.xcframework"),
        .target(
            name: "MemoryRelayUniFFI", dependencies: ["memoryrelayFFI"],
            linkerSettings: [
                // What the Rust static library uses of the system (TLS roots, proxies).
                .linkedFramework("Security"), .linkedFramework("CoreFoundation"),
                .linkedFramework("SystemConfiguration"),
            ]),
        .target(name: "MemoryRelay", dependencies: ["MemoryRelayUniFFI"]),
    ]
)
MANIFEST
rm -rf "$WORK"
echo "wrote $DIST/MemoryRelay (binaryTarget package) and its memoryrelayFFI.xcframework"
