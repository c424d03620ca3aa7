#if canImport(Darwin)
import Darwin

/// The Darwin readiness selector: a kqueue with level-triggered `EVFILT_READ`/`EVFILT_WRITE` filters (no
/// `EV_CLEAR`) and an `EVFILT_USER` event for cross-thread wakeups.
final class EventLoopSelector {
    /// The token reported for the wakeup event.
    static let wakeupToken: UInt64 = 0

    private let queueFD: Int32
    private let events: UnsafeMutablePointer<kevent>
    private let maxEvents: Int32 = 1024
    private let wakeupIdent: UInt = 1

    init() throws(TransportError) {
        let queue = kqueue()
        guard queue >= 0 else { throw .posix(operation: "kqueue", code: errno) }
        _ = fcntl(queue, F_SETFD, FD_CLOEXEC)
        queueFD = queue
        events = .allocate(capacity: Int(maxEvents))
        var change = kevent(
            ident: wakeupIdent, filter: Int16(EVFILT_USER), flags: UInt16(EV_ADD | EV_CLEAR), fflags: 0, data: 0,
            udata: nil)
        if Darwin.kevent(queueFD, &change, 1, nil, 0, nil) < 0 {
            let code = errno
            close()
            throw .posix(operation: "kevent", code: code)
        }
    }

    /// Releases the kqueue descriptor.
    func close() {
        PosixSocketCalls.close(queueFD)
    }

    deinit { events.deallocate() }

    /// Changes the interest of `fd` from `old` to `new` by adding and deleting the read and write filters.
    func update(fd: Int32, from old: EventLoopInterest, to new: EventLoopInterest, token: UInt64) throws(TransportError) {
        var changes: [kevent] = []
        let udata = UnsafeMutableRawPointer(bitPattern: UInt(token))
        for (flag, filter) in [(EventLoopInterest.read, EVFILT_READ), (EventLoopInterest.write, EVFILT_WRITE)] {
            let had = old.contains(flag)
            let wants = new.contains(flag)
            if had == wants { continue }
            if had && !wants {
                changes.append(kevent(ident: UInt(fd), filter: Int16(filter), flags: UInt16(EV_DELETE), fflags: 0, data: 0, udata: udata))
            } else if wants {
                changes.append(kevent(ident: UInt(fd), filter: Int16(filter), flags: UInt16(EV_ADD), fflags: 0, data: 0, udata: udata))
            }
        }
        if changes.isEmpty { return }
        if Darwin.kevent(queueFD, changes, Int32(changes.count), nil, 0, nil) < 0 {
            throw .posix(operation: "kevent", code: errno)
        }
    }

    /// Waits up to `timeoutNanoseconds` (`nil`: forever) and reports each ready registration as
    /// `(token, readable, writable)`. Wakeups are reported with `wakeupToken`.
    func wait(timeoutNanoseconds: UInt64?, _ body: (UInt64, Bool, Bool) -> Void) throws(TransportError) {
        let count: Int32
        if let nanoseconds = timeoutNanoseconds {
            var timeout = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            count = Darwin.kevent(queueFD, nil, 0, events, maxEvents, &timeout)
        } else {
            count = Darwin.kevent(queueFD, nil, 0, events, maxEvents, nil)
        }
        if count < 0 {
            let code = errno
            if code == EINTR { return }
            throw .posix(operation: "kevent", code: code)
        }
        for index in 0..<Int(count) {
            let event = events[index]
            if event.filter == Int16(EVFILT_USER) {
                body(Self.wakeupToken, true, false)
                continue
            }
            let token = UInt64(UInt(bitPattern: event.udata))
            let failed = event.flags & UInt16(EV_ERROR) != 0
            let readable = event.filter == Int16(EVFILT_READ) || failed
            let writable = event.filter == Int16(EVFILT_WRITE) || failed
            body(token, readable, writable)
        }
    }

    /// Wakes a thread blocked in `wait`. Thread-safe.
    func wakeUp() {
        var change = kevent(
            ident: wakeupIdent, filter: Int16(EVFILT_USER), flags: 0, fflags: UInt32(NOTE_TRIGGER), data: 0, udata: nil)
        _ = Darwin.kevent(queueFD, &change, 1, nil, 0, nil)
    }
}
#endif
