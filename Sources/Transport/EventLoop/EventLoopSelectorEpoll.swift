#if os(Linux)
import Glibc

/// The Linux readiness selector: a level-triggered epoll instance plus an eventfd for cross-thread wakeups.
///
/// Level-triggered: the loop reads at most a few buffers per readiness event and relies on epoll to report the
/// descriptor again while data remains, which keeps connections fair without tracking "unfinished" descriptors.
final class EventLoopSelector {
    /// The token reported for the wakeup descriptor.
    static let wakeupToken: UInt64 = 0

    private let epollFD: Int32
    private let wakeupFD: Int32
    private let events: UnsafeMutableRawPointer
    private let maxEvents: Int32 = 1024

    init() throws(TransportError) {
        let epoll = PosixLinuxSymbols.epollCreate1(O_CLOEXEC)
        guard epoll >= 0 else { throw .posix(operation: "epoll_create1", code: errno) }
        let wake = PosixLinuxSymbols.eventFD(0, O_NONBLOCK | O_CLOEXEC)
        guard wake >= 0 else {
            let code = errno
            PosixSocketCalls.close(epoll)
            throw .posix(operation: "eventfd", code: code)
        }
        epollFD = epoll
        wakeupFD = wake
        events = .allocate(byteCount: Int(maxEvents) * PosixLinuxSymbols.epollEventSize, alignment: 8)
        if control(PosixLinuxSymbols.epollCtlAdd, fd: wake, interest: .read, token: Self.wakeupToken) != 0 {
            let code = errno
            close()
            throw .posix(operation: "epoll_ctl", code: code)
        }
    }

    /// Releases the epoll and eventfd descriptors.
    func close() {
        PosixSocketCalls.close(epollFD)
        PosixSocketCalls.close(wakeupFD)
    }

    deinit { events.deallocate() }

    private func control(_ operation: Int32, fd: Int32, interest: EventLoopInterest, token: UInt64) -> Int32 {
        var mask: UInt32 = 0
        if interest.contains(.read) { mask |= PosixLinuxSymbols.epollIn }
        if interest.contains(.write) { mask |= PosixLinuxSymbols.epollOut }
        return withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { event in
            event.storeBytes(of: mask, toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: token, toByteOffset: PosixLinuxSymbols.epollDataOffset, as: UInt64.self)
            return PosixLinuxSymbols.epollCtl(epollFD, operation, fd, event.baseAddress)
        }
    }

    /// Changes the interest of `fd` from `old` to `new` (adding, modifying or removing the registration).
    func update(fd: Int32, from old: EventLoopInterest, to new: EventLoopInterest, token: UInt64) throws(TransportError) {
        let operation: Int32
        if old.isEmpty {
            operation = PosixLinuxSymbols.epollCtlAdd
        } else if new.isEmpty {
            operation = PosixLinuxSymbols.epollCtlDel
        } else {
            operation = PosixLinuxSymbols.epollCtlMod
        }
        if control(operation, fd: fd, interest: new, token: token) != 0 {
            throw .posix(operation: "epoll_ctl", code: errno)
        }
    }

    /// Waits up to `timeoutNanoseconds` (`nil`: forever) and reports each ready registration as
    /// `(token, readable, writable)`. Wakeups are drained here and reported with `wakeupToken`.
    func wait(timeoutNanoseconds: UInt64?, _ body: (UInt64, Bool, Bool) -> Void) throws(TransportError) {
        var timeout: Int32 = -1
        if let nanoseconds = timeoutNanoseconds {
            let milliseconds = (nanoseconds + 999_999) / 1_000_000
            timeout = Int32(clamping: milliseconds)
        }
        let count = PosixLinuxSymbols.epollWait(epollFD, events, maxEvents, timeout)
        if count < 0 {
            let code = errno
            if code == EINTR { return }
            throw .posix(operation: "epoll_wait", code: code)
        }
        let size = PosixLinuxSymbols.epollEventSize
        let readMask = PosixLinuxSymbols.epollIn | PosixLinuxSymbols.epollHup | PosixLinuxSymbols.epollErr
        let writeMask = PosixLinuxSymbols.epollOut | PosixLinuxSymbols.epollHup | PosixLinuxSymbols.epollErr
        for index in 0..<Int(count) {
            let base = events + index * size
            let mask = base.loadUnaligned(as: UInt32.self)
            let token = base.loadUnaligned(fromByteOffset: PosixLinuxSymbols.epollDataOffset, as: UInt64.self)
            if token == Self.wakeupToken {
                drainWakeups()
                body(token, true, false)
            } else {
                body(token, mask & readMask != 0, mask & writeMask != 0)
            }
        }
    }

    /// Wakes a thread blocked in `wait`. Thread-safe.
    func wakeUp() {
        var one: UInt64 = 1
        _ = write(wakeupFD, &one, 8)
    }

    private func drainWakeups() {
        var value: UInt64 = 0
        _ = read(wakeupFD, &value, 8)
    }
}
#endif
