#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP connection owned by one event loop.
///
/// Every method must be called on the connection's loop thread (handler callbacks already are; from elsewhere, go
/// through `eventLoop.execute`). The type is `Sendable` only so it can be handed to that loop; its methods check
/// the thread with a precondition.
///
/// Output is queued and sent once at the end of the loop iteration with one `send`/`sendmsg`, so every write a
/// handler makes while processing a read burst is coalesced. Write interest is registered only while the kernel
/// refuses bytes.
public final class TCPConnection: @unchecked Sendable, EventLoopSelectable, EventLoopIterationObserver {
    /// The loop that owns this connection and runs its handler.
    public let eventLoop: EventLoop
    /// The peer's address, when known.
    public let remoteAddress: SocketAddress?
    /// The local address, when known.
    public let localAddress: SocketAddress?
    // The mutable state below belongs to the loop thread and no access to it overlaps another (a handler callback is
    // never made while a property is being modified), so the runtime exclusivity checks are off: they cost about 80
    // instructions per access, about ten per echoed message (callgrind). The static checks still apply.

    /// The protocol layer receiving this connection's events; released after `connectionClosed`.
    @exclusivity(unchecked) public var handler: (any TCPConnectionHandler)?

    let fd: Int32
    @exclusivity(unchecked) private var options: TCPConnectionOptions
    @exclusivity(unchecked) private var outbound = TCPOutboundQueue()
    @exclusivity(unchecked) private var readingPausedByUser = false
    @exclusivity(unchecked) private var receivedEOF = false
    @exclusivity(unchecked) private var closeRequested = false
    @exclusivity(unchecked) private var outputShutdownRequested = false
    @exclusivity(unchecked) private var outputShutdownDone = false
    @exclusivity(unchecked) private var writeBlocked = false
    @exclusivity(unchecked) private var observerScheduled = false
    @exclusivity(unchecked) private var closed = false
    @exclusivity(unchecked) private var closeNotified = false
    @exclusivity(unchecked) private var closeError: TransportError?
    @exclusivity(unchecked) private var active = false
    /// Made by `close()`: the bytes discarded since, and the timer bounding the wait for the peer's end of stream.
    @exclusivity(unchecked) private var linger: TCPLinger?
    /// Called after `connectionClosed` (used by the server to count connections).
    @exclusivity(unchecked) var onClosed: (() -> Void)?

    /// Number of `send`/`sendmsg` calls made (for tests of write coalescing).
    @exclusivity(unchecked) private(set) var writeSyscalls = 0

    /// Whether buffered outbound bytes are below the high-water mark (see `connectionWritabilityChanged`).
    @exclusivity(unchecked) public private(set) var isWritable = true

    init(fd: Int32, loop: EventLoop, options: TCPConnectionOptions) {
        self.fd = fd
        self.eventLoop = loop
        self.options = options
        self.remoteAddress = PosixSocketCalls.remoteAddress(fd)
        self.localAddress = PosixSocketCalls.localAddress(fd)
    }

    /// Registers the connection with its loop, installs `handler`, reports `connectionActive` and starts reading.
    /// On failure the descriptor is closed.
    func start(handler: any TCPConnectionHandler) throws(TransportError) {
        do {
            try eventLoop.register(self, fd: fd)
        } catch {
            PosixSocketCalls.close(fd)
            closed = true
            throw error
        }
        PosixSocketCalls.setNoDelay(fd)
        self.handler = handler
        active = true
        handler.connectionActive(self)
        updateInterest()
    }

    // MARK: State

    /// Whether the connection is open (not yet closed or aborted).
    public var isOpen: Bool { !closed }

    /// Whether input is being consumed (not paused, no end of stream, not closing).
    public var isReading: Bool { wantsRead && !closeRequested }

    /// Bytes queued but not yet accepted by the kernel.
    public var bufferedOutboundBytes: Int { outbound.count }

    /// The current write-buffer water marks `(low, high)`; setting them re-evaluates writability.
    public var writeBufferWaterMarks: (low: Int, high: Int) {
        get { (options.writeBufferLowWaterMark, options.writeBufferHighWaterMark) }
        set {
            eventLoop.preconditionInEventLoop()
            options.writeBufferHighWaterMark = max(1, newValue.high)
            options.writeBufferLowWaterMark = min(max(0, newValue.low), options.writeBufferHighWaterMark)
            updateWritability()
        }
    }

    /// Reading continues while closing (what arrives is discarded, `WS-IO-LINGERING-CLOSE`), whatever the handler
    /// asked before.
    private var wantsRead: Bool {
        active && !closed && !receivedEOF && (closeRequested || !readingPausedByUser)
    }

    private var acceptsWrites: Bool { !closed && !closeRequested && !outputShutdownRequested }

    // MARK: Writing

    /// Queues `bytes` without copying them (large arrays are sent straight from their storage, so the same array
    /// can be broadcast to many connections); arrays up to `copyThreshold` bytes are copied into the output buffer.
    /// Sent at the end of the current loop iteration. Ignored after `close()`, `shutdownOutput()` or closure.
    public func write(_ bytes: [UInt8]) {
        write(bytes[...])
    }

    /// Queues an array slice; see `write(_:)` for copying and timing.
    public func write(_ bytes: ArraySlice<UInt8>) {
        eventLoop.preconditionInEventLoop()
        guard acceptsWrites, !bytes.isEmpty else { return }
        if bytes.count <= options.copyThreshold {
            outbound.append(copying: bytes)
        } else {
            outbound.append(sharing: bytes)
        }
        didEnqueue()
    }

    /// Copies `bytes` into the output buffer (for data that lives in temporary memory, such as the read buffer).
    public func write(copying bytes: UnsafeRawBufferPointer) {
        eventLoop.preconditionInEventLoop()
        guard acceptsWrites, !bytes.isEmpty else { return }
        outbound.append(copying: bytes)
        didEnqueue()
    }

    private func didEnqueue() {
        if !writeBlocked { scheduleEndOfIteration() }
        if isWritable && outbound.count > options.writeBufferHighWaterMark {
            isWritable = false
            handler?.connectionWritabilityChanged(self, isWritable: false)
        }
    }

    private func scheduleEndOfIteration() {
        if !observerScheduled {
            observerScheduled = true
            eventLoop.runAtEndOfIteration(self)
        }
    }

    private func updateWritability() {
        if isWritable && outbound.count > options.writeBufferHighWaterMark {
            isWritable = false
            handler?.connectionWritabilityChanged(self, isWritable: false)
        } else if !isWritable && outbound.count <= options.writeBufferLowWaterMark {
            isWritable = true
            handler?.connectionWritabilityChanged(self, isWritable: true)
        }
    }

    /// Sends queued bytes until the queue is empty or the kernel buffer is full.
    private func flushNow() {
        while !outbound.isEmpty && !closed {
            let (written, attempted) = outbound.send(fd: fd, vectors: eventLoop.ioVectors, maxVectors: EventLoop.maxIOVectors)
            writeSyscalls += 1
            if written >= 0 {
                outbound.consume(written)
                if written < attempted {
                    writeBlocked = true
                    break
                }
            } else {
                let code = Int32(attempted)
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK {
                    writeBlocked = true
                    break
                }
                fail(.posix(operation: "sendmsg", code: code))
                return
            }
        }
        if closed { return }
        if outbound.isEmpty { writeBlocked = false }
        updateInterest()
        updateWritability()
        if outbound.isEmpty && !closed {
            if closeRequested {
                closeAfterFlush()
            } else if outputShutdownRequested && !outputShutdownDone {
                outputShutdownDone = true
                _ = shutdown(fd, Int32(SHUT_WR))
            }
        }
    }

    // MARK: Reading

    /// Stops consuming input; the kernel buffers (and then TCP flow control) hold further bytes.
    public func pauseReading() {
        eventLoop.preconditionInEventLoop()
        readingPausedByUser = true
        updateInterest()
    }

    /// Resumes consuming input after `pauseReading()`.
    public func resumeReading() {
        eventLoop.preconditionInEventLoop()
        readingPausedByUser = false
        updateInterest()
    }

    private func updateInterest() {
        guard !closed else { return }
        var interest: EventLoopInterest = []
        if wantsRead { interest.insert(.read) }
        if writeBlocked { interest.insert(.write) }
        do {
            try eventLoop.setInterest(fd: fd, interest)
        } catch {
            fail(error)
        }
    }

    /// The smallest capacity a handler must announce for a direct read (`connectionDirectReadCapacity`): below it,
    /// one read into the loop's buffer that also takes the bytes behind is cheaper than a separate system call.
    public static let directReadThreshold = 64 * 1024

    func selectorReadable() {
        if closeRequested { return discardWhileClosing() }
        let buffer = eventLoop.readBuffer
        var reads = 0
        while wantsRead {
            var requested = buffer.count
            var count = -1
            var code: Int32 = 0
            var direct = false
            if let handler, handler.connectionDirectReadCapacity(self) >= Self.directReadThreshold {
                let fd = self.fd
                handler.connection(self, readDirectly: { destination in
                    direct = true
                    requested = destination.count
                    count = read(fd, destination.baseAddress, destination.count)
                    if count < 0 { code = errno }
                    return count
                })
            }
            if !direct {
                count = read(fd, buffer.baseAddress, buffer.count)
                if count < 0 { code = errno }
                if count > 0 {
                    handler?.connection(self, received: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
                }
            }
            if count > 0 {
                reads += 1
                if count < requested || reads >= 4 { return }
                continue
            }
            if count == 0 {
                receivedEOF = true
                updateInterest()
                handler?.connectionReadEOF(self)
                if !options.allowHalfClosure && !closed { close() }
                return
            } else {
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return }
                fail(.posix(operation: "read", code: code))
                return
            }
        }
    }

    func selectorWritable() {
        writeBlocked = false
        flushNow()
    }

    // MARK: Closing

    /// Closes gracefully: stops delivering input, sends every queued byte, then closes the descriptor and reports
    /// `connectionClosed(error: nil)`. Before the peer's end of stream it closes in stages (`WS-IO-LINGERING-CLOSE`,
    /// RFC 9112 §9.6): a FIN after the last byte, then what the peer still sends is read and discarded until its end
    /// of stream, at most `lingerDiscardLimit` bytes or `lingerTimeout`, so unread input never makes the kernel reset
    /// the connection and erase the reply at the peer. A peer that never reads keeps the connection open while
    /// bytes are queued: pair with a timer and `abort()`.
    public func close() {
        eventLoop.preconditionInEventLoop()
        guard !closed, !closeRequested else { return }
        closeRequested = true
        if !receivedEOF { linger = TCPLinger() }
        updateInterest()
        if !writeBlocked { scheduleEndOfIteration() }
    }

    /// Half-closes: sends every queued byte, then shuts down the sending side (`shutdown(SHUT_WR)`, the peer reads end
    /// of stream) while reading continues. Later writes are ignored.
    public func shutdownOutput() {
        eventLoop.preconditionInEventLoop()
        guard !closed, !outputShutdownRequested else { return }
        outputShutdownRequested = true
        if !writeBlocked { scheduleEndOfIteration() }
    }

    /// Closes at once, discarding queued output; the peer gets a reset (`SO_LINGER` 0). `connectionClosed` follows
    /// at the end of the iteration.
    public func abort() {
        eventLoop.preconditionInEventLoop()
        finish(error: nil, reset: true)
    }

    /// How long a closing connection waits for the peer's end of stream after its own FIN.
    public static let lingerTimeout: Duration = .seconds(2)

    /// How many bytes a closing connection reads and discards at most before it closes without waiting for the
    /// peer's end of stream.
    public static let lingerDiscardLimit = 1 << 20

    /// The queue is flushed after `close()`: closes now when the peer's end of stream was read, else sends a FIN and
    /// waits (bounded) for it.
    private func closeAfterFlush() {
        guard !receivedEOF, let linger else { return finish(error: nil, reset: false) }
        guard linger.timer == nil else { return }
        if !outputShutdownDone {
            outputShutdownDone = true
            _ = shutdown(fd, Int32(SHUT_WR))
        }
        linger.timer = eventLoop.scheduleTaskOnLoop(in: Self.lingerTimeout) { [weak self] in
            self?.finish(error: nil, reset: false)
        }.entry
    }

    /// Reads and drops what the peer sends after `close()`, until its end of stream (which closes once the queue is
    /// flushed), an error, or `lingerDiscardLimit` bytes.
    private func discardWhileClosing() {
        let buffer = eventLoop.readBuffer
        while !closed {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 {
                let discarded = (linger?.discarded ?? 0) + count
                linger?.discarded = discarded
                if discarded > Self.lingerDiscardLimit { return finish(error: nil, reset: false) }
                if count < buffer.count { return }
            } else if count == 0 {
                receivedEOF = true
                if outbound.isEmpty { return finish(error: nil, reset: false) }
                return updateInterest()
            } else {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return }
                // The peer reset: nothing more can reach it.
                return finish(error: nil, reset: false)
            }
        }
    }

    /// Schedules `task` on the connection's loop after `delay` (for idle and close timeouts).
    @discardableResult
    public func scheduleTask(in delay: Duration, _ task: @escaping () -> Void) -> EventLoopScheduledTask {
        eventLoop.scheduleTaskOnLoop(in: delay, task)
    }

    private func fail(_ error: TransportError) {
        finish(error: error, reset: false)
    }

    /// Releases the descriptor now and reports the closure at the end of the iteration.
    private func finish(error: TransportError?, reset: Bool) {
        guard !closed else { return }
        closed = true
        closeError = error
        if let timer = linger?.timer { eventLoop.cancelTimer(timer) }
        linger = nil
        eventLoop.deregister(fd: fd, descriptorWillClose: true)
        if reset { PosixSocketCalls.setLingerZero(fd) }
        PosixSocketCalls.close(fd)
        outbound.removeAll()
        scheduleEndOfIteration()
    }

    func loopIterationDidEnd() {
        observerScheduled = false
        if closed {
            guard !closeNotified else { return }
            closeNotified = true
            let handler = self.handler
            handler?.connectionClosed(self, error: closeError)
            self.handler = nil
            onClosed?()
            onClosed = nil
        } else if !writeBlocked {
            flushNow()
        }
    }

    func loopWillShutDown() {
        finish(error: .eventLoopShutDown, reset: true)
    }
}
