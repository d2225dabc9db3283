// swift-tools-version:5.9
// The examples as a consumer would write them: a separate package that depends on the SDK
// package by path (an app would use `.package(url: ..., from: ...)` or the XCFramework form).
import PackageDescription

let package = Package(
    name: "MemoryRelayExamples",
    platforms: [.macOS(.v12), .iOS(.v15)],
    dependencies: [
        .package(name: "MemoryRelay", path: "../../../bindings/swift")
    ],
    targets: [
        .executableTarget(
            name: "quickstart", dependencies: [.product(name: "MemoryRelay", package: "MemoryRelay")]),
        .executableTarget(
            name: "flows", dependencies: [.product(name: "MemoryRelay", package: "MemoryRelay")]),
    ]
)
