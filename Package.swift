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
        .library(name: "WebSocketTLS", targets: ["WebSocketTLS"]),
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "RedisClient", targets: ["RedisClient"]),
        .library(name: "WebSocketRedis", targets: ["WebSocketRedis"]),
        .executable(name: "ws", targets: ["ws"]),
    ],
    // `swift build --traits TLS` adds wss:// on the system's OpenSSL; the default build needs only the toolchain.
    traits: [
        .trait(name: "TLS", description: "wss:// (TLS 1.2/1.3) on the system's OpenSSL 3 (libssl-dev)"),
    ],
    targets: [
        // The sans-IO protocol core: Swift standard library only.
        .target(name: "WebSocketCore"),
        // permessage-deflate (RFC 7692) on a DEFLATE (RFC 1951) of our own: Swift standard library only.
        .target(name: "WebSocketDeflate", dependencies: ["WebSocketCore"]),
        // Seeded xorshift generator, value generators and the properties (shared by tests and `ws fuzz`).
        .target(name: "WebSocketProperties", dependencies: ["WebSocketCore", "WebSocketDeflate"]),
        // The libFuzzer targets' logic (one function per parser), replayed by tests; `.ci/fuzz.sh` builds the fuzzers.
        .target(name: "WebSocketFuzzTargets", dependencies: ["WebSocketCore", "WebSocketDeflate", "WebSocketProperties", "RESP"]),
        // Event loops, timers, TCP, byte streams and the TLS plug point: no WebSocket knowledge (toolchain modules only).
        .target(name: "Transport"),
        // The WebSocket server and client: the core on the transport (re-exports both).
        .target(name: "WebSocketIO", dependencies: ["WebSocketCore", "Transport"]),
        // The Redis protocol (RESP2 and RESP3), sans IO: parser with limits and encoder; Swift standard library only.
        .target(name: "RESP"),
        // A Redis client on the transport: commands, publish, subscribe, health pings, reconnection, bounded output.
        .target(name: "RedisClient", dependencies: ["RESP", "Transport"]),
        // BroadcastHub across processes and machines: the Redis backplane (rooms as pub/sub channels, room sizes).
        .target(name: "WebSocketRedis", dependencies: ["WebSocketIO", "RedisClient", "RESP", "Transport"]),
        // OpenSSL's C API (trait TLS only: without it nothing imports it, so nothing looks for libssl).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // TLS on OpenSSL, plugged into the transport (`StreamSecurity`); its sources are empty without the trait.
        .target(
            name: "WebSocketTLS",
            dependencies: ["Transport", .target(name: "COpenSSL", condition: .when(traits: ["TLS"]))],
            swiftSettings: [.define("TLS", .when(traits: ["TLS"]))]),
        .executableTarget(
            name: "ws",
            dependencies: [
                "WebSocketCore", "WebSocketIO", "WebSocketProperties", "WebSocketDeflate", "WebSocketRedis", "RedisClient",
                .target(name: "WebSocketTLS", condition: .when(traits: ["TLS"])),
            ],
            swiftSettings: [.define("TLS", .when(traits: ["TLS"]))]),
        // Helpers the test targets share (locating Spec/ and Vectors/, hex, the seeded generator); not part of any product.
        .target(name: "PackageTestSupport", dependencies: ["WebSocketProperties"], path: "Tests/PackageTestSupport"),
        .testTarget(name: "WebSocketCoreTests", dependencies: ["WebSocketCore", "PackageTestSupport"]),
        .testTarget(
            name: "WebSocketPropertyTests", dependencies: ["WebSocketCore", "WebSocketProperties", "PackageTestSupport"]),
        // "ws": the soak test (BenchSoakTests) runs `ws bench soak`'s engine in process.
        .testTarget(
            name: "WebSocketIOTests",
            dependencies: ["WebSocketCore", "Transport", "WebSocketIO", "WebSocketDeflate", "ws", "PackageTestSupport"]),
        .testTarget(
            name: "WebSocketDeflateTests", dependencies: ["WebSocketDeflate", "PackageTestSupport"], exclude: ["zlib_check.py"]),
        .testTarget(
            name: "WebSocketFuzzTargetsTests",
            dependencies: ["WebSocketFuzzTargets", "WebSocketCore", "WebSocketDeflate", "PackageTestSupport"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "PackageTestSupport"]),
        // A real redis-server on a free loopback port (and the plain sockets it needs), for the Redis test targets.
        .target(name: "RedisTestSupport", dependencies: ["PackageTestSupport"], path: "Tests/RedisTestSupport"),
        .testTarget(
            name: "RedisClientTests", dependencies: ["RedisClient", "RESP", "Transport", "PackageTestSupport", "RedisTestSupport"]),
        // "ws": the multi-node test starts `ws serve` processes (the executable is built with the tests).
        .testTarget(
            name: "WebSocketRedisTests",
            dependencies: ["WebSocketRedis", "WebSocketIO", "RedisClient", "RESP", "RedisTestSupport", "PackageTestSupport", "ws"]),
        // The client through a real tinyproxy and redirect chains (our server, Python's websockets as a target).
        .testTarget(
            name: "WebSocketRouteTests",
            dependencies: ["WebSocketCore", "Transport", "WebSocketIO", "RedisTestSupport", "PackageTestSupport"]),
        .testTarget(
            name: "WebSocketTLSTests",
            dependencies: [
                "WebSocketIO", "RedisTestSupport", "PackageTestSupport",
                .target(name: "WebSocketTLS", condition: .when(traits: ["TLS"])),
            ],
            swiftSettings: [.define("TLS", .when(traits: ["TLS"]))]),
    ],
    swiftLanguageModes: [.v6]
)
