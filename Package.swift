// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mcptask",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mcptask", targets: ["mcptask"]),
        .library(name: "MCPTaskCore", targets: ["MCPTaskCore"]),
        .library(name: "MCPTaskTerminal", targets: ["MCPTaskTerminal"]),
        .library(name: "MCPTaskServer", targets: ["MCPTaskServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "MCPTaskCore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MCPTaskServer",
            dependencies: [
                "MCPTaskCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // libedit through pkg-config (Debian: libedit-dev). Never GNU readline.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(
            name: "MCPTaskTerminal",
            dependencies: ["MCPTaskCore", "CEditLine"]
        ),
        .executableTarget(
            name: "mcptask",
            dependencies: [
                "MCPTaskCore",
                "MCPTaskTerminal",
                "MCPTaskServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MCPTaskCoreTests", dependencies: ["MCPTaskCore"]),
        .testTarget(name: "MCPTaskTerminalTests", dependencies: ["MCPTaskTerminal"]),
        .testTarget(name: "MCPTaskServerTests", dependencies: ["MCPTaskServer", "MCPTaskCore"]),
        .testTarget(
            name: "mcptaskTests",
            dependencies: [
                "mcptask",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
