// swift-tools-version:5.9
// Swift 5.9 and 5.10 toolchains read this manifest; Swift 6 toolchains read
// Package@swift-6.0.swift (the same package in the Swift 6 language mode).
import PackageDescription

let package = Package(
    name: "MemoryRelay",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "MemoryRelay", targets: ["MemoryRelay"])
    ],
    targets: [
        // The UniFFI C scaffolding of libmemoryrelay (module map + generated header).
        .systemLibrary(name: "memoryrelayFFI", path: "Sources/memoryrelayFFI"),
        // The UniFFI-generated Swift (JSON-in/JSON-out client, cancellation token, error enum).
        .target(name: "MemoryRelayUniFFI", dependencies: ["memoryrelayFFI"]),
        // The typed SDK: hand-written runtime + the skin generated from the method table.
        .target(
            name: "MemoryRelay", dependencies: ["MemoryRelayUniFFI"],
            swiftSettings: [.enableExperimentalFeature("StrictConcurrency")]),
        .testTarget(name: "MemoryRelayTests", dependencies: ["MemoryRelay"]),
    ]
)
