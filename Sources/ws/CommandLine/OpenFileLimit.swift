import Foundation

/// Raises this process's soft limit on open files to `needed` (at most the hard limit; never lowers it) and
/// returns the soft limit now in force. A child process started afterwards inherits it. With `warn`, says on
/// standard error, naming `command`, when the hard limit is below `needed`.
@discardableResult
func raiseOpenFileLimit(to needed: Int, command: String = "ws bench soak", warn: Bool = true) -> Int {
    var limit = rlimit()
    guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return 0 }
    guard limit.rlim_cur < rlim_t(needed) else { return Int(clamping: limit.rlim_cur) }
    limit.rlim_cur = min(rlim_t(needed), limit.rlim_max)
    if setrlimit(RLIMIT_NOFILE_VALUE, &limit) != 0 || limit.rlim_cur < rlim_t(needed), warn {
        printError("\(command): open-file limit \(limit.rlim_cur) is below the \(needed) needed")
    }
    getrlimit(RLIMIT_NOFILE_VALUE, &limit)
    return Int(clamping: limit.rlim_cur)
}

/// The soft limit on open files of another process, from the "Max open files" line of `/proc/PID/limits`; nil
/// when unreadable or unlimited.
func openFileLimit(pid: Int32) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") })
    else { return nil }
    // "Max open files            20000                20000                files"
    return line.dropFirst("Max open files".count).split(separator: " ").first.flatMap { Int($0) }
}

#if os(Linux)
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif
