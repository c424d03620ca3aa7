import Foundation
import Testing

/// Prometheus's `promtool` (Debian package `prometheus`), which checks metrics in the text format. The tests that
/// run it run only when it is on `PATH`, unless `CI` is set: then its absence fails them (`.ci/run` installs it
/// before `swift test`).
public enum Promtool {
    /// Whether `promtool --version` runs.
    public static let installed: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["promtool", "--version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Whether the tests that need it run: it is installed, or CI is set (then a missing promtool fails them).
    public static let shouldRun: Bool = {
        if installed { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        FileHandle.standardError.write(Data(
            "\n*** promtool is NOT installed: the Prometheus format checks are SKIPPED (apt-get install prometheus; with CI set they fail instead) ***\n\n".utf8))
        return false
    }()

    /// The reason printed for a skipped test.
    public static let skipReason: Comment =
        "promtool is not installed (apt-get install prometheus); set CI to make this a failure"

    /// Runs `promtool check metrics` on `text` (its standard input): the exit status and everything it printed
    /// (lint complaints and parse errors alike).
    public static func checkMetrics(_ text: String) async throws -> (status: Int32, output: String) {
        let result = try await ChildProcess.run(["promtool", "check", "metrics"], input: Data(text.utf8), mergingErrors: true)
        return (result.status, result.outputText)
    }
}
