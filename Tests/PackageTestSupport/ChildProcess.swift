import Foundation

/// A program run to completion for a test, off the cooperative pool (see `onOwnThread`).
public struct ChildProcess: Sendable {
    /// The exit status (128 + the signal for a program a signal ended).
    public let status: Int32
    /// What it wrote to standard output.
    public let output: Data
    /// What it wrote to standard error (merged into `output` when run with `mergingErrors`).
    public let errors: Data

    /// Standard output as UTF-8 text.
    public var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Runs `arguments` (`arguments[0]` is looked up on `PATH`), writes `input` to its standard input, and waits
    /// for it to exit (`Subprocess.run`).
    public static func run(_ arguments: [String], input: Data? = nil, mergingErrors: Bool = false) async throws -> ChildProcess {
        try await onOwnThread {
            let result = try Subprocess.run(arguments, input: input.map { [UInt8]($0) }, mergingErrors: mergingErrors)
            return ChildProcess(status: result.status, output: Data(result.output), errors: Data(result.errors))
        }
    }
}
