import Foundation
import Testing

/// Python's `websockets` package, the real peer some tests run against. Those tests run only when `python3` can
/// import it, unless `CI` is set: then its absence fails them (`.ci/run` installs it before `swift test`).
public enum PythonWebsockets {
    /// Whether `python3 -c "import websockets"` succeeds.
    public static let installed = RequiredProgram.runs(["python3", "-c", "import websockets"])

    /// Whether the tests against it run: it is installed, or CI is set (then a missing package fails them).
    public static let shouldRun = RequiredProgram.shouldRun(
        installed: installed, what: "Python websockets", tests: "the tests against it",
        install: "python3 -m pip install websockets")

    /// The reason printed for a skipped test.
    public static let skipReason: Comment =
        "Python websockets is not installed (python3 -m pip install websockets); set CI to make this a failure"
}
