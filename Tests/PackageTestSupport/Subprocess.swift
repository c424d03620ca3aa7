#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process for a test (a server, a peer, a tool run to completion), started with `posix_spawn`.
///
/// Not Foundation's `Process`: on Linux its `run()` finds the highest open descriptor by copying each `/proc/self/fd`
/// entry's name with a fixed 256-byte `memcpy`, which reads past the directory buffer once a process has more than
/// about 1,300 descriptors open (loopback tests in parallel do) and crashes the test run when that buffer ends at an
/// unmapped page (CI saw it: SIGSEGV in `Process.run()`); and its `waitUntilExit` spins a run loop. Here the child
/// gets its standard streams, every other descriptor closed, the default signal dispositions and an empty signal mask;
/// waiting is `waitpid`, reading is `read(2)` with `EINTR` retried.
public final class Subprocess: Sendable {
    /// Where a child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe whose write end is `inputDescriptor`.
        case pipe
    }

    /// Where a child's standard output or error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe whose read end is `outputDescriptor` (or `errorDescriptor`).
        case pipe
        /// Standard error only: the same place as standard output.
        case sameAsOutput
    }

    /// A failure to start a child.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The child's process ID.
    public let pid: pid_t
    /// The read end of the child's standard output (with `.pipe`); closed when this object goes away.
    public let outputDescriptor: Int32?
    /// The read end of the child's standard error (with `.pipe`); closed when this object goes away.
    public let errorDescriptor: Int32?
    /// The write end of the child's standard input (with `.pipe`) until `closeInput()`.
    private let input: Mutex<Int32?>
    private let status = Mutex<Int32?>(nil)

    private init(pid: pid_t, input: Int32?, output: Int32?, errors: Int32?) {
        self.pid = pid
        self.input = Mutex(input)
        outputDescriptor = output
        errorDescriptor = errors
    }

    deinit {
        closeInput()
        for fd in [outputDescriptor, errorDescriptor].compactMap({ $0 }) { _ = close(fd) }
    }

    /// Writes `bytes` to the child's standard input (blocking; a child that closed it ends the writing quietly:
    /// `SIGPIPE` is blocked on the calling thread, so call this from a thread of its own).
    public func writeInput(_ bytes: [UInt8]) {
        guard let fd = input.withLock({ $0 }) else { return }
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
    }

    /// Closes the child's standard input (it reads end of file).
    public func closeInput() {
        input.withLock { fd in
            if let descriptor = fd { _ = close(descriptor) }
            fd = nil
        }
    }

    /// Starts `arguments[0]` (a path, or a name looked up on `PATH`) with `arguments`, in `environment` (this
    /// process's when nil).
    public static func spawn(
        _ arguments: [String], environment: [String: String]? = nil, input: Input = .null, output: Output = .pipe,
        errors: Output = .pipe
    ) throws -> Subprocess {
        precondition(!arguments.isEmpty, "no program to run")
        precondition(output != .sameAsOutput, "standard output cannot be the same as itself")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { for fd in childEnds { _ = close(fd) } }
        func pipeEnds() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw SpawnError(description: "pipe: errno \(errno)") }
            // Children started meanwhile close every descriptor above 2 anyway (closeOtherDescriptors).
            for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (ends[0], ends[1])
        }
        do {
            var inputEnd: Int32?
            switch input {
            case .null:
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            case .pipe:
                let ends = try pipeEnds()
                parentEnds.append(ends.write)
                childEnds.append(ends.read)
                inputEnd = ends.write
                posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
            }
            var outputEnd: Int32?
            switch output {
            case .null, .sameAsOutput:
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            case .pipe:
                let ends = try pipeEnds()
                parentEnds.append(ends.read)
                childEnds.append(ends.write)
                outputEnd = ends.read
                posix_spawn_file_actions_adddup2(&actions, ends.write, 1)
            }
            var errorEnd: Int32?
            switch errors {
            case .null:
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            case .sameAsOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            case .pipe:
                let ends = try pipeEnds()
                parentEnds.append(ends.read)
                childEnds.append(ends.write)
                errorEnd = ends.read
                posix_spawn_file_actions_adddup2(&actions, ends.write, 2)
            }
            try closeOtherDescriptors(&actions, &attributes)
            var defaults = sigset_t()
            sigfillset(&defaults)
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &empty)
            var flags = Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
            #if canImport(Darwin)
            flags |= Int16(POSIX_SPAWN_CLOEXEC_DEFAULT)
            #endif
            posix_spawnattr_setflags(&attributes, flags)
            let environmentLines = (environment ?? currentEnvironment()).map { "\($0.key)=\($0.value)" }
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            var envp: [UnsafeMutablePointer<CChar>?] = environmentLines.map { strdup($0) } + [nil]
            defer {
                for pointer in argv { free(pointer) }
                for pointer in envp { free(pointer) }
            }
            var pid: pid_t = 0
            let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &envp)
            guard result == 0 else {
                throw SpawnError(description: "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
            }
            return Subprocess(pid: pid, input: inputEnd, output: outputEnd, errors: errorEnd)
        } catch {
            for fd in parentEnds { _ = close(fd) }
            throw error
        }
    }

    /// Makes the child close every descriptor above 2 (the pipes of other children started at the same time, the
    /// tests' sockets): a child holding a copy of a socket would keep it open after the test closed it.
    private static func closeOtherDescriptors(
        _ actions: inout posix_spawn_file_actions_t, _ attributes: inout posix_spawnattr_t
    ) throws {
        #if os(Linux)
        // glibc 2.34 and later; the Swift module does not import it.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np")
        else { throw SpawnError(description: "this C library has no posix_spawn_file_actions_addclosefrom_np") }
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        guard closeFrom(&actions, 3) == 0 else { throw SpawnError(description: "addclosefrom_np failed") }
        #endif
        // Darwin: POSIX_SPAWN_CLOEXEC_DEFAULT (set with the other flags) does the same.
    }

    private static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let line = String(cString: pointer)
            if let equals = line.firstIndex(of: "=") {
                result[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Sends `signal` to the child unless it was already reaped.
    public func send(signal: Int32) {
        status.withLock { status in
            if status == nil { _ = kill(pid, signal) }
        }
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Waits for the child to exit (blocking: call off the cooperative pool) and returns its status: the exit
    /// code, or 128 + the signal that ended it.
    @discardableResult
    public func waitForExit() -> Int32 { reap(blocking: true)! }

    /// The child's status once it has exited, polling every 10 ms for at most `limit`; nil if it still runs.
    public func exitStatus(within limit: Duration) -> Int32? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let status = reap(blocking: false) { return status }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(10_000)
        }
    }

    private func reap(blocking: Bool) -> Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            while true {
                let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
                if result == pid { break }
                if result == 0 { return nil }
                if errno == EINTR { continue }
                status = -1
                return -1
            }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (the C macros are not imported).
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            return status
        }
    }

    /// Reads `fd` to its end (blocking; `EINTR` retried). Does not close it.
    public static func readToEnd(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                result.append(contentsOf: chunk[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return result
    }
}
