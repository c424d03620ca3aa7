import Foundation
import PackageTestSupport
import Synchronization
import Testing

/// A real `tinyproxy` (Debian's package) on a free loopback port, in the foreground (`-d`), with a config in a
/// temporary directory: Basic authentication when credentials are given, clients from 127.0.0.1 only, and no
/// `ConnectPort` line, so `CONNECT` may reach any port. Stopped by `stop()`. The proxy tests run only when it is
/// installed, unless `CI` is set: then its absence fails them.
public final class TinyproxyFixture: Sendable {
    /// Where the Debian package installs it (or the first `tinyproxy` on `PATH`).
    public static let executable = RequiredProgram.locate(
        "tinyproxy", candidates: ["/usr/bin/tinyproxy", "/usr/sbin/tinyproxy", "/usr/local/bin/tinyproxy", "/opt/homebrew/bin/tinyproxy"])

    /// Whether the proxy tests run: tinyproxy is installed, or CI is set (then a missing tinyproxy fails them).
    public static let shouldRun = RequiredProgram.shouldRun(
        installed: executable != nil, what: "tinyproxy", tests: "the tests through a real HTTP proxy",
        install: "apt-get install tinyproxy")

    /// The reason printed for a skipped proxy test.
    public static let skipReason: Comment = "tinyproxy is not installed (apt-get install tinyproxy); set CI to make this a failure"

    public let port: Int
    private let directory: URL
    private let process = Mutex<Subprocess?>(nil)

    /// Starts a proxy (asking for `username`/`password` when given) and waits until it accepts connections.
    public init(username: String? = nil, password: String? = nil) async throws {
        guard let executable = Self.executable else { throw FixtureError("tinyproxy is not installed (CI is set: failing)") }
        port = LoopbackSockets.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinyproxy-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = """
            Port \(port)
            Listen 127.0.0.1
            Timeout 30
            LogLevel Info
            LogFile "\(directory.appendingPathComponent("tinyproxy.log").path)"
            MaxClients 50
            Allow 127.0.0.1

            """
        if let username, let password { config += "BasicAuth \(username) \(password)\n" }
        let configFile = directory.appendingPathComponent("tinyproxy.conf")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let process = try Subprocess.spawn([executable, "-d", "-c", configFile.path], output: .null, errors: .null)
        self.process.withLock { $0 = process }
        let deadline = ContinuousClock.now + .seconds(5)
        while !LoopbackSockets.accepts(port: port) {
            guard process.isRunning else { throw FixtureError("tinyproxy exited (\(log()))") }
            guard ContinuousClock.now < deadline else { throw FixtureError("tinyproxy did not accept within 5 s") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// `http://127.0.0.1:port` (with `user:password@` when given).
    public func url(username: String? = nil, password: String? = nil) -> String {
        guard let username, let password else { return "http://127.0.0.1:\(port)" }
        return "http://\(username):\(password)@127.0.0.1:\(port)"
    }

    /// Stops the proxy (SIGKILL), waits for it to exit and removes its directory.
    public func stop() {
        if let process = process.withLock({ p -> Subprocess? in defer { p = nil }; return p }) {
            process.send(signal: SIGKILL)
            process.waitForExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The proxy's log (which CONNECTs it saw, for assertions and failure messages).
    public func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("tinyproxy.log"), encoding: .utf8)) ?? ""
    }
}
