// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "swift-websocket-reference",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WebSocketCore", targets: ["WebSocketCore"]),
        .library(name: "WebSocketIO", targets: ["WebSocketIO"]),
        .library(name: "WebSocketDeflate", targets: ["WebSocketDeflate"]),
        .library(name: "WebSocketProperties", targets: ["WebSocketProperties"]),
        .executable(name: "ws", targets: ["ws"]),
    ],
    targets: [
        // The sans-IO protocol core: Swift standard library only.
        .target(name: "WebSocketCore"),
        // permessage-deflate (RFC 7692) on a DEFLATE (RFC 1951) of our own: Swift standard library only.
        .target(name: "WebSocketDeflate", dependencies: ["WebSocketCore"]),
        // Seeded xorshift generator, value generators and the properties (shared by tests and `ws fuzz`).
        .target(name: "WebSocketProperties", dependencies: ["WebSocketCore"]),
        // Sockets, event loops, server and client on top of the core.
        .target(name: "WebSocketIO", dependencies: ["WebSocketCore"]),
        .executableTarget(
            name: "ws", dependencies: ["WebSocketCore", "WebSocketIO", "WebSocketProperties", "WebSocketDeflate"]),
        .testTarget(name: "WebSocketCoreTests", dependencies: ["WebSocketCore"]),
        .testTarget(name: "WebSocketPropertyTests", dependencies: ["WebSocketCore", "WebSocketProperties"]),
        .testTarget(name: "WebSocketIOTests", dependencies: ["WebSocketCore", "WebSocketIO"]),
        .testTarget(name: "WebSocketDeflateTests", dependencies: ["WebSocketDeflate"], exclude: ["zlib_check.py"]),
    ],
    swiftLanguageModes: [.v6]
)
