import Foundation

extension Subprocess {
    /// Runs `arguments` to completion (blocking: call off the cooperative pool) with `input` on its standard input;
    /// returns its status and both outputs (standard error in `output` when `mergingErrors`). Input is written and
    /// standard error read on threads of their own, so a program filling one pipe while another waits cannot
    /// deadlock.
    public static func run(
        _ arguments: [String], input: [UInt8]? = nil, mergingErrors: Bool = false
    ) throws -> (status: Int32, output: [UInt8], errors: [UInt8]) {
        let child = try spawn(arguments, input: .pipe, output: .pipe, errors: mergingErrors ? .sameAsOutput : .pipe)
        let errors = child.errorDescriptor.map { fd in OnOwnThread { readToEnd(fd) } }
        let writer = OnOwnThread {
            if let input { child.writeInput(input) }
            child.closeInput()
            return [UInt8]()
        }
        let output = readToEnd(child.outputDescriptor!)
        _ = writer.wait()
        let status = child.waitForExit()
        return (status, output, errors?.wait() ?? [])
    }
}

/// Everything a child process prints, read to its end on a thread of its own (so the child never blocks on a full
/// pipe), and available as it arrives.
public final class ChildOutput: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var ended = false

    /// Starts reading `fd` (which stays open; its owner closes it).
    public init(_ fd: Int32) {
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 16 << 10)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                condition.lock()
                if count > 0 { bytes += chunk[0..<count] } else { ended = true }
                condition.broadcast()
                condition.unlock()
                if count <= 0 { return }
            }
        }
        thread.start()
    }

    /// What was printed once a whole line (or the end) arrived.
    public func waitForFirstLine() -> String {
        condition.lock()
        defer { condition.unlock() }
        while !ended && !bytes.contains(0x0A) { condition.wait() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything printed, once the output ended.
    public func waitForEnd() -> String {
        condition.lock()
        defer { condition.unlock() }
        while !ended { condition.wait() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What was printed so far.
    public var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Runs `body` on a thread of its own; `wait` blocks for its result.
final class OnOwnThread<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = body()
            done.signal()
        }
        thread.start()
    }

    func wait() -> Value {
        done.wait()
        return result!
    }
}
