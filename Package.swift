// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Palisade",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "palisade", targets: ["palisade"]),
        .library(name: "PalisadeEngine", targets: ["PalisadeEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "PalisadeCore"),
        .target(
            name: "PalisadeLoaders",
            dependencies: ["PalisadeCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "PalisadeRules", dependencies: ["PalisadeCore"]),
        .target(name: "PalisadeCompliance", dependencies: ["PalisadeCore"]),
        .target(name: "PalisadeGraph", dependencies: ["PalisadeCore"]),
        .target(name: "PalisadeReport", dependencies: ["PalisadeCore", "PalisadeCompliance", "PalisadeGraph"]),
        .target(
            name: "PalisadeEngine",
            dependencies: ["PalisadeCore", "PalisadeLoaders", "PalisadeRules", "PalisadeReport", "PalisadeGraph"]
        ),
        .target(
            name: "PalisadeCLI",
            dependencies: ["PalisadeEngine", "PalisadeCompliance", "PalisadeGraph", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "palisade", dependencies: ["PalisadeCLI"]),
        .testTarget(
            name: "PalisadeTests",
            dependencies: ["PalisadeEngine", "PalisadeCompliance", "PalisadeGraph", "PalisadeCLI", "palisade"]
        ),
    ]
)
