// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "swift-websocket-reference",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WebSocketCore", targets: ["WebSocketCore"]),
        .library(name: "WebSocketIO", targets: ["WebSocketIO"]),
        .library(name: "WebSocketProperties", targets: ["WebSocketProperties"]),
        .executable(name: "ws", targets: ["ws"]),
    ],
    targets: [
        // The sans-IO protocol core: Swift standard library only.
        .target(name: "WebSocketCore"),
        // Seeded xorshift generator, value generators and the properties (shared by tests and `ws fuzz`).
        .target(name: "WebSocketProperties", dependencies: ["WebSocketCore"]),
        // Sockets, event loops, server and client on top of the core.
        .target(name: "WebSocketIO", dependencies: ["WebSocketCore"]),
        .executableTarget(name: "ws", dependencies: ["WebSocketCore", "WebSocketIO", "WebSocketProperties"]),
        .testTarget(name: "WebSocketCoreTests", dependencies: ["WebSocketCore"]),
        .testTarget(name: "WebSocketPropertyTests", dependencies: ["WebSocketCore", "WebSocketProperties"]),
        .testTarget(name: "WebSocketIOTests", dependencies: ["WebSocketCore", "WebSocketIO"]),
    ],
    swiftLanguageModes: [.v6]
)
