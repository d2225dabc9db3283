// swift-tools-version:5.9
// The Swift side of the benchmark (run.sh): memories.get through the typed skin.
import PackageDescription

let package = Package(
    name: "MemoryRelayBenchmarks",
    platforms: [.macOS(.v12), .iOS(.v15)],
    dependencies: [.package(name: "MemoryRelay", path: "..")],
    targets: [
        .executableTarget(
            name: "bench-get", dependencies: [.product(name: "MemoryRelay", package: "MemoryRelay")])
    ]
)
