import Foundation
import Testing

/// Python's `websockets` package, the real peer some tests run against. Those tests run only when `python3` can
/// import it, unless `CI` is set: then its absence fails them (`.ci/run` installs it before `swift test`).
public enum PythonWebsockets {
    /// Whether `python3 -c "import websockets"` succeeds.
    public static let installed: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import websockets"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Whether the tests against it run: it is installed, or CI is set (then a missing package fails them).
    public static let shouldRun: Bool = {
        if installed { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        FileHandle.standardError.write(Data(
            "\n*** Python websockets is NOT installed: the tests against it are SKIPPED (python3 -m pip install websockets; with CI set they fail instead) ***\n\n".utf8))
        return false
    }()

    /// The reason printed for a skipped test.
    public static let skipReason: Comment =
        "Python websockets is not installed (python3 -m pip install websockets); set CI to make this a failure"
}
