import Foundation
import Testing

/// Compiles each snippet in `Spec/must-not-compile/` against the built `WebSocketCore` module and expects the
/// error its `// expected-error:` line names. SIL is produced (`-emit-sil`), because the ownership checker that
/// reports "used after consume" runs only then, not under `-typecheck`.
@Suite struct MustNotCompileTests {
    static let snippetDirectory = PackageFiles.root.appendingPathComponent("Spec/must-not-compile")

    /// The directory holding `WebSocketCore.swiftmodule` of the build that runs these tests.
    static func modulesDirectory() -> URL? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("Modules")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("WebSocketCore.swiftmodule").path) {
                return candidate
            }
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("WebSocketCore.swiftmodule").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs swiftc on `snippet` (on a thread of its own: a compile takes seconds) and returns its exit status and
    /// diagnostics.
    static func compile(_ snippet: URL) async throws -> (status: Int32, output: String) {
        guard let modules = modulesDirectory() else { throw CocoaError(.fileNoSuchFile) }
        let result = try await ChildProcess.run(
            [
                "swiftc", "-emit-sil", "-swift-version", "6", "-parse-as-library", "-module-name", "Snippet",
                "-I", modules.path, snippet.path, "-o", "/dev/null",
            ], mergingErrors: true)
        return (result.status, result.outputText)
    }

    static func check(_ name: String) async throws {
        let snippet = snippetDirectory.appendingPathComponent(name)
        let source = try String(contentsOf: snippet, encoding: .utf8)
        let marker = "// expected-error: "
        guard let line = source.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else {
            Issue.record("\(name) has no expected-error line")
            return
        }
        let expected = String(line.dropFirst(marker.count))
        let (status, output) = try await compile(snippet)
        #expect(status != 0, "\(name) compiled, but must not")
        #expect(output.contains(expected), "\(name): expected \"\(expected)\" in:\n\(output)")
    }

    @Test("WS-STATE-NO-SEND-CLOSED: send on Connection<Closed> or <Closing> does not compile")
    func sendOnClosed() async throws {
        try await Self.check("send-on-closed.swift")
        try await Self.check("send-on-closing.swift")
    }

    @Test("WS-STATE-USE-AFTER-CONSUME: a connection cannot be used after close() consumed it")
    func useAfterConsume() async throws {
        try await Self.check("use-after-close.swift")
    }

    @Test("A well-formed snippet using the same module compiles, so the failures above are the ones expected")
    func controlSnippetCompiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-snippet-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("ok.swift")
        try """
            import WebSocketCore
            func fine() throws {
                var open = try Connection.established(role: .server)
                try open.send(text: "hello")
                let closing = open.close()
                _ = closing.abort()
            }
            """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await Self.compile(file)
        #expect(status == 0, "\(output)")
    }
}

extension MustNotCompileTests {
    @Test("WS-STATE-ACCEPT-TWICE: a pending connection cannot be accepted twice")
    func acceptTwice() async throws {
        try await Self.check("accept-twice.swift")
    }
}
