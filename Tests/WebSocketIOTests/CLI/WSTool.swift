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
final class ServeProcess: Sendable {
    let port: Int
    private let process: Process

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    /// Starts it and waits for the line naming its address (or its exit, which throws with what it printed).
    static func start(_ arguments: [String]) async throws -> ServeProcess {
        try #require(FileManager.default.isExecutableFile(atPath: WSTool.executable), "ws is not built at \(WSTool.executable)")
        return try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: WSTool.executable)
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--quiet"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            // "ws serve: echo server on ws://127.0.0.1:PORT/"
            guard let line = text.split(separator: "\n").first, line.contains(" server on ws://"),
                let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...].dropLast())
            else {
                if process.isRunning { process.interrupt() }
                process.waitUntilExit()
                throw ServeProcessError(description: "ws serve did not start: \(text)")
            }
            return ServeProcess(port: port, process: process)
        }
    }

    /// The `ws://` URL of `path`.
    func url(_ path: String = "/") -> String { "ws://127.0.0.1:\(port)\(path)" }

    /// Sends SIGINT and returns the exit status once it exited.
    func stop() async throws -> Int32 {
        try await onOwnThread { [process] in
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

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
