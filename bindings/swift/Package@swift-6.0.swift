// swift-tools-version:6.0
// The manifest read by Swift 6 toolchains: every target in the Swift 6 language mode.
import PackageDescription

let package = Package(
    name: "MemoryRelay",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "MemoryRelay", targets: ["MemoryRelay"])
    ],
    targets: [
        .systemLibrary(name: "memoryrelayFFI", path: "Sources/memoryrelayFFI"),
        .target(name: "MemoryRelayUniFFI", dependencies: ["memoryrelayFFI"]),
        .target(name: "MemoryRelay", dependencies: ["MemoryRelayUniFFI"]),
        .testTarget(name: "MemoryRelayTests", dependencies: ["MemoryRelay"]),
    ],
    swiftLanguageModes: [.v6]
)
