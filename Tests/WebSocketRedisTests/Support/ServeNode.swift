import Foundation
import RedisTestSupport
import Synchronization

/// One `ws serve --mode broadcast --redis …` process on a free loopback port (the real executable, built beside the
/// test bundle), with its output in a temporary file; `kill()` sends SIGKILL, `stop()` SIGTERM.
final class ServeNode: Sendable {
    let nodeID: String
    let port: Int
    private let process: Process
    private let output: URL

    /// The `ws` executable next to the running test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ws")
    }

    /// Starts a node on Redis `redisPort` and waits until it accepts connections (within 10 s).
    init(nodeID: String, redisPort: Int, extraArguments: [String] = []) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw FixtureError("the ws executable is not at \(Self.executable.path)")
        }
        self.nodeID = nodeID
        port = LoopbackSockets.freePort()
        output = FileManager.default.temporaryDirectory.appendingPathComponent("ws-serve-\(nodeID)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "serve", "--mode", "broadcast", "--port", String(port), "--redis", "redis://127.0.0.1:\(redisPort)",
            "--node-id", nodeID, "--no-keepalive",
        ] + extraArguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while !LoopbackSockets.accepts(port: port) {
            guard process.isRunning else { throw FixtureError("ws serve \(nodeID) exited: \(log())") }
            guard ContinuousClock.now < deadline else { throw FixtureError("ws serve \(nodeID) did not listen: \(log())") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The URL of `room` on this node.
    func url(room: String) -> String { "ws://127.0.0.1:\(port)/room/\(room)" }

    /// SIGKILL: the process ends at once, saying goodbye to nobody.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM (closing every connection with 1001), then waits; removes the log.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: output)
    }

    /// What the node printed.
    func log() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// `GET /stats`, decoded.
    func stats() throws -> NodeStats {
        guard let body = LoopbackSockets.httpGet(port: port, path: "/stats") else {
            throw FixtureError("GET /stats on node \(nodeID) failed")
        }
        return try JSONDecoder().decode(NodeStats.self, from: Data(body))
    }
}

/// The parts of `ws serve`'s `/stats` the tests read.
struct NodeStats: Decodable {
    struct Backplane: Decodable {
        var connected: Bool
        var dropped: Int
        var reconnects: Int
        var sent: Int
    }

    struct Hub: Decodable {
        var duplicatesDropped: Int
        var lost: Int
        var published: Int
        var received: Int
    }

    struct Room: Decodable {
        var room: String
        var local: Int
        var cluster: Int?
    }

    var node: String
    var backplane: Backplane?
    var hub: Hub
    var rooms: [Room]
}
