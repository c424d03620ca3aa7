import Foundation

/// A real program some tests run against (a Debian or PyPI package): the one rule for when those tests run.
///
/// They run when the program is there. With `CI` set they run without it too, and then fail, so CI never passes
/// by skipping them. Elsewhere its absence is printed loudly on standard error, once, and the tests are disabled.
public enum RequiredProgram {
    /// The first executable file named `name` among `candidates`, then on `PATH`.
    public static func locate(_ name: String, candidates: [String] = []) -> String? {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Whether `arguments` (the program looked up on `PATH`) runs and exits 0, its output discarded.
    public static func runs(_ arguments: [String]) -> Bool {
        guard let child = try? Subprocess.spawn(arguments, output: .null, errors: .null) else { return false }
        return child.waitForExit() == 0
    }

    /// Whether the tests that need a program run: it is `installed`, or `CI` is set. Otherwise prints that `what`
    /// is not installed, which `tests` are skipped and how to `install` it, and returns false.
    public static func shouldRun(installed: Bool, what: String, tests: String, install: String) -> Bool {
        if installed { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        FileHandle.standardError.write(Data(
            "\n*** \(what) is NOT installed: \(tests) are SKIPPED (\(install); with CI set they fail instead) ***\n\n".utf8))
        return false
    }
}
