// swift-tools-version:5.9
// The Swift row of the cross-language benchmark (bench/run.sh). bench/run.sh copies this package
// next to the SDK inside the Swift chroot, so the SDK's path is the chroot's.
import PackageDescription

let package = Package(
    name: "MemoryRelayCrossBench",
    platforms: [.macOS(.v13), .iOS(.v16)],
    dependencies: [.package(name: "MemoryRelay", path: "/src/bindings/swift")],
    targets: [
        .executableTarget(
            name: "workload", dependencies: [.product(name: "MemoryRelay", package: "MemoryRelay")])
    ]
)
