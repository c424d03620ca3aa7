import Dispatch
import Foundation

/// The server a soak runs against when it starts one itself: `ws serve --host 127.0.0.1 --port 0 --quiet` from this
/// very executable, with the server's default settings, its standard error kept in a temporary file.
final class SoakServerProcess {
    let process = Process()
    /// The port the server listens on (read from the line it prints).
    private(set) var port = 0
    /// Where the server's standard error goes.
    let errorLog: URL
    private let output = Pipe()

    /// Starts the server and waits (up to 15 s) for the line that names its address.
    init(host: String) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.executableURL = FileManager.default.isExecutableFile(atPath: executable.path)
            ? executable : URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve", "--host", host, "--port", "0", "--quiet"]
        errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("ws-soak-server-\(getpid()).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let found = DispatchSemaphore(value: 0)
        let reader = output.fileHandleForReading
        let box = StatusBox()
        DispatchQueue.global().async {
            var text = ""
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                // "ws serve: echo server on ws://127.0.0.1:PORT/"
                if let range = text.range(of: "ws://"), let line = text[range.upperBound...].split(separator: "\n").first,
                    line.hasSuffix("/"), let colon = line.lastIndex(of: ":"),
                    let port = Int32(line[line.index(after: colon)...].dropLast())
                {
                    box.value = port
                    break
                }
            }
            found.signal()
        }
        if found.wait(timeout: .now() + 15) == .timedOut || box.value == 0 {
            process.terminate()
            throw SoakSetupError(description: "ws serve did not report its address within 15 s (stderr: \(errorTail()))")
        }
        port = Int(box.value)
    }

    /// The last lines the server wrote to standard error.
    func errorTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Sends SIGTERM and waits (up to 10 s) for the exit; returns how the server ended.
    func terminate() -> (clean: Bool, description: String) {
        guard process.isRunning else { return (false, exitDescription) }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return (false, "did not exit within 10 s of SIGTERM (killed)")
        }
        return (process.terminationReason == .exit && process.terminationStatus == 0, exitDescription)
    }

    private var exitDescription: String {
        process.terminationReason == .exit
            ? "exited with status \(process.terminationStatus)" : "died of signal \(process.terminationStatus)"
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: errorLog)
    }
}

/// A soak that could not start.
struct SoakSetupError: Error, CustomStringConvertible {
    var description: String
}

/// Reads a process's memory and CPU time from `/proc` (Linux).
enum SoakMemory {
    /// The resident set size (`VmRSS`) and its peak (`VmHWM`) in bytes, or nil when unreadable.
    static func read(pid: Int32) -> (resident: Int, peak: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return parse(status: text)
    }

    /// `VmRSS` and `VmHWM` from the text of a `/proc/PID/status` file.
    static func parse(status text: String) -> (resident: Int, peak: Int)? {
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") || line.hasPrefix("VmHWM:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { continue }
            values[String(fields[0].dropLast())] = kilobytes * 1024
        }
        guard let resident = values["VmRSS"], let peak = values["VmHWM"] else { return nil }
        return (resident, peak)
    }

    /// The CPU time (user and system) the process has used, in seconds, from `/proc/PID/stat`.
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The 1-minute load average of the machine.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "?"
    }

    /// Whether a process with this id exists.
    static func isAlive(pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
