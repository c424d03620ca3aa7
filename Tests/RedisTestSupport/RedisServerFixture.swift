import Foundation
import PackageTestSupport
import Synchronization
import Testing

/// A real `redis-server` on a free loopback port, in a temporary directory, without persistence; stopped by
/// `stop()`. The integration tests run only when it is installed, unless `CI` is set: then its absence fails them.
public final class RedisServerFixture: Sendable {
    /// Where the Debian package installs it (or the first `redis-server` on `PATH`).
    public static let executable = RequiredProgram.locate(
        "redis-server", candidates: ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"])

    /// Whether the integration tests run: redis-server is installed, or CI is set (then a missing server fails).
    public static let shouldRun = RequiredProgram.shouldRun(
        installed: executable != nil, what: "redis-server", tests: "the integration tests against a real Redis",
        install: "apt-get install redis-server")

    /// The reason printed for a skipped integration test.
    public static let skipReason: Comment = "redis-server is not installed (apt-get install redis-server); set CI to make this a failure"

    public let port: Int
    private let directory: URL
    private let extraArguments: [String]
    private let process = Mutex<Subprocess?>(nil)

    /// Starts a server (`extraArguments` are added to the command line, such as `--requirepass`) on `port`, waiting
    /// until it accepts connections.
    /// `port` nil: a free one.
    public init(_ extraArguments: [String] = [], port: Int? = nil) async throws {
        guard Self.executable != nil else { throw FixtureError("redis-server is not installed (CI is set: failing)") }
        self.port = port ?? LoopbackSockets.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.extraArguments = extraArguments
        try await start()
    }

    /// Starts (again) on the same port and waits until it accepts connections (within 5 s).
    public func start() async throws {
        let process = try Subprocess.spawn(
            [
                Self.executable!, "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path, "--save", "",
                "--appendonly", "no", "--logfile", directory.appendingPathComponent("redis.log").path,
            ] + extraArguments, output: .null, errors: .null)
        self.process.withLock { $0 = process }
        let deadline = ContinuousClock.now + .seconds(5)
        while !LoopbackSockets.accepts(port: port) {
            guard process.isRunning else { throw FixtureError("redis-server exited (\(log()))") }
            guard ContinuousClock.now < deadline else { throw FixtureError("redis-server did not accept within 5 s") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Kills the server at once (SIGKILL: no goodbye to clients) and waits for it to exit.
    public func kill() {
        guard let process = process.withLock({ p -> Subprocess? in defer { p = nil }; return p }) else { return }
        process.send(signal: SIGKILL)
        process.waitForExit()
    }

    /// Stops the server and removes its directory.
    public func stop() {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's log (for failure messages).
    public func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
