import Foundation
import Testing
@testable import WebSocketIO

/// The built `ws` executable (next to the test bundle; `swift build --build-tests` builds it, this target depends
/// on it), run as a person runs it.
enum WSTool {
    /// Its path.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ws").path
    }

    /// Runs `ws ARGUMENTS` to completion (off the cooperative pool), with `input` on its standard input.
    static func run(_ arguments: [String], input: String? = nil) async throws -> ChildProcess {
        try #require(FileManager.default.isExecutableFile(atPath: executable), "ws is not built at \(executable)")
        return try await ChildProcess.run([executable] + arguments, input: input.map { Data($0.utf8) })
    }
}

extension ChildProcess {
    /// Standard error as UTF-8 text.
    var errorText: String { String(decoding: errors, as: UTF8.self) }
}

/// A `ws serve --host 127.0.0.1 --port 0 --quiet ARGUMENTS` process; its port is read from the line it prints.
///
/// Its output is read to the end on a thread of its own, so the server can never block on a full pipe (a
/// sanitizer's report at exit can be far larger than the pipe holds), and `stop` can show what it printed.
final class ServeProcess: Sendable {
    let port: Int
    private let process: Subprocess
    private let output: ChildOutput

    private init(port: Int, process: Subprocess, output: ChildOutput) {
        self.port = port
        self.process = process
        self.output = output
    }

    /// Starts it on `port` (0: one the system picks) and waits for the line naming its address (or its exit, which
    /// throws with what it printed).
    static func start(_ arguments: [String], port: Int = 0) async throws -> ServeProcess {
        try #require(FileManager.default.isExecutableFile(atPath: WSTool.executable), "ws is not built at \(WSTool.executable)")
        return try await onOwnThread {
            let process = try Subprocess.spawn(
                [WSTool.executable, "serve", "--host", "127.0.0.1", "--port", "\(port)", "--quiet"] + arguments,
                environment: childEnvironment(), output: .pipe, errors: .sameAsOutput)
            let output = ChildOutput(process.outputDescriptor!)
            let text = output.waitForFirstLine()
            // "ws serve: echo server on ws://127.0.0.1:PORT/"
            guard let line = text.split(separator: "\n").first, line.contains(" server on ws://"),
                let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...].dropLast())
            else {
                process.send(signal: SIGINT)
                process.waitForExit()
                throw ServeProcessError(description: "ws serve did not start: \(output.waitForEnd())")
            }
            return ServeProcess(port: port, process: process, output: output)
        }
    }

    /// The environment for the server: this process's, except that under AddressSanitizer the child's leak check at
    /// exit is off. A server process that exits on SIGINT does not free what lives until exit (the hub, the loops,
    /// the rooms' weak references), which LeakSanitizer would report as leaks; the library's own leaks are checked in
    /// this process, whose tests open and close the same connections. The child's memory-error checks stay on.
    private static func childEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let options = environment["ASAN_OPTIONS"] {
            environment["ASAN_OPTIONS"] = options + ":detect_leaks=0"
        }
        return environment
    }

    /// The `ws://` URL of `path`.
    func url(_ path: String = "/") -> String { "ws://127.0.0.1:\(port)\(path)" }

    /// Sends SIGINT and returns the exit status once it exited. A server that outlives SIGINT by `stopLimit` is
    /// killed (status -1): a test never hangs on it. A status other than 0 records what the server printed.
    func stop() async throws -> Int32 {
        let status = try await onOwnThread { [process] in
            process.send(signal: SIGINT)
            if let status = process.exitStatus(within: Self.stopLimit) { return status }
            process.send(signal: SIGKILL)
            process.waitForExit()
            return Int32(-1)
        }
        if status != 0 {
            let text = try await onOwnThread { [output] in output.waitForEnd() }
            Issue.record("ws serve exited with \(status); it printed:\n\(text.suffix(4000))")
        }
        return status
    }

    /// How long `stop` waits for the server to exit after SIGINT.
    static let stopLimit: Duration = .seconds(30)

    /// A plain `GET path` on a fresh connection, and the response.
    func get(_ path: String) async throws -> RawHTTPResponse {
        let raw = try await RawSocket.connect(port: port)
        try await raw.write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let response = try await raw.readResponse()
        await raw.close()
        return response
    }

    /// `GET path` decoded as a JSON object.
    func getJSON(_ path: String) async throws -> [String: Any] {
        let response = try await get(path)
        #expect(response.status == 200)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }
}

/// Runs `body` with a `ws serve` process and stops it afterwards (expecting it to exit 0), also when `body` throws.
func withServe<Value>(_ arguments: [String], _ body: (ServeProcess) async throws -> Value) async throws -> Value {
    let serve = try await ServeProcess.start(arguments)
    let value: Value
    do {
        value = try await body(serve)
    } catch {
        _ = try? await serve.stop()
        throw error
    }
    #expect(try await serve.stop() == 0, "ws serve exits 0 on SIGINT")
    return value
}

/// `ws serve` did not start.
struct ServeProcessError: Error, CustomStringConvertible {
    var description: String
}
