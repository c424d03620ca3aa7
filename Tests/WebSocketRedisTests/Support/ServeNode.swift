import Foundation
import PackageTestSupport
import RedisTestSupport
import Synchronization

/// One `ws serve --mode broadcast --redis …` process on a free loopback port (the real executable, built beside the
/// test bundle), its output read as it comes; `kill()` sends SIGKILL, `stop()` SIGTERM.
final class ServeNode: Sendable {
    let nodeID: String
    let port: Int
    private let process: Subprocess
    private let output: ChildOutput

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
        process = try Subprocess.spawn(
            [
                Self.executable.path, "serve", "--mode", "broadcast", "--port", String(port), "--redis",
                "redis://127.0.0.1:\(redisPort)", "--node-id", nodeID, "--no-keepalive",
            ] + extraArguments, output: .pipe, errors: .sameAsOutput)
        output = ChildOutput(process.outputDescriptor!)
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
        process.send(signal: SIGKILL)
        process.waitForExit()
    }

    /// SIGTERM (closing every connection with 1001), then waits.
    func stop() {
        process.send(signal: SIGTERM)
        process.waitForExit()
    }

    /// What the node printed so far.
    func log() -> String { output.text }

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
