import Foundation
import Testing

/// Prometheus's `promtool` (Debian package `prometheus`), which checks metrics in the text format. The tests that
/// run it run only when it is on `PATH`, unless `CI` is set: then its absence fails them (`.ci/run` installs it
/// before `swift test`).
public enum Promtool {
    /// Whether `promtool --version` runs.
    public static let installed = RequiredProgram.runs(["promtool", "--version"])

    /// Whether the tests that need it run: it is installed, or CI is set (then a missing promtool fails them).
    public static let shouldRun = RequiredProgram.shouldRun(
        installed: installed, what: "promtool", tests: "the Prometheus format checks", install: "apt-get install prometheus")

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
