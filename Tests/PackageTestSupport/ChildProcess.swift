import Foundation

/// A program run to completion for a test, off the cooperative pool (see `onOwnThread`).
public struct ChildProcess: Sendable {
    /// The exit status.
    public let status: Int32
    /// What it wrote to standard output.
    public let output: Data
    /// What it wrote to standard error (merged into `output` when run with `mergingErrors`).
    public let errors: Data

    /// Standard output as UTF-8 text.
    public var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Runs `arguments` through `/usr/bin/env` (so `arguments[0]` is looked up on `PATH`), writes `input` to its
    /// standard input, and waits for it to exit. Both outputs are read on threads of their own, so a program that
    /// fills one pipe while the other is read cannot deadlock.
    public static func run(_ arguments: [String], input: Data? = nil, mergingErrors: Bool = false) async throws -> ChildProcess {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let output = Pipe()
            let errors = mergingErrors ? output : Pipe()
            let stdin = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = stdin
            try process.run()
            let errorData = PipeDrain(mergingErrors ? nil : errors.fileHandleForReading)
            if let input { stdin.fileHandleForWriting.write(input) }
            try stdin.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return ChildProcess(status: process.terminationStatus, output: data, errors: errorData.wait())
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle?) {
        guard let handle else {
            done.signal()
            return
        }
        let thread = Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
