#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The accepting side of a `TCPServer`, registered on one loop. Accepts until `EAGAIN`, hands each new descriptor to
/// the next loop of the group and, when the process runs out of descriptors, stops accepting for a moment instead of
/// spinning on a readable listener.
final class TCPListener: @unchecked Sendable, EventLoopSelectable {
    let fd: Int32
    let loop: EventLoop
    private let group: EventLoopGroup
    private let options: TCPServerOptions
    /// The application's handler factory, until the listener closes: released then, so a closure that refers back
    /// to the server (a metrics endpoint that holds it, say) does not keep the server, its loops and its buffers
    /// alive in a cycle after shutdown. Read on the connections' loops, cleared on the listener's.
    private let makeHandler: Mutex<TCPHandlerFactory?>
    /// Open connections across all loops.
    let connectionCount = Atomic<Int>(0)
    private var closed = false
    private var backingOff = false
    /// Runs once, after the listening descriptor is closed (a Unix-domain server removes its socket file).
    var onClose: (() -> Void)?

    init(
        fd: Int32, loop: EventLoop, group: EventLoopGroup, options: TCPServerOptions,
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler
    ) {
        self.fd = fd
        self.loop = loop
        self.group = group
        self.options = options
        self.makeHandler = Mutex(TCPHandlerFactory(makeHandler))
    }

    /// Registers for readability (loop thread).
    func start() {
        do {
            try loop.register(self, fd: fd)
            try loop.setInterest(fd: fd, .read)
        } catch {
            close()
        }
    }

    /// Stops accepting and closes the listening descriptor (loop thread).
    func close() {
        guard !closed else { return }
        closed = true
        makeHandler.withLock { $0 = nil }
        loop.deregister(fd: fd, descriptorWillClose: true)
        PosixSocketCalls.close(fd)
        let cleanup = onClose
        onClose = nil
        cleanup?()
    }

    func selectorReadable() {
        var accepted = 0
        while !closed && accepted < 1024 {
            switch PosixSocketCalls.accept(fd) {
            case .accepted(let connectionFD):
                accepted += 1
                dispatch(connectionFD)
            case .wouldBlock:
                return
            case .failed(let code):
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    backOff()
                }
                return
            }
        }
    }

    private func backOff() {
        guard !backingOff else { return }
        backingOff = true
        try? loop.setInterest(fd: fd, [])
        loop.scheduleTaskOnLoop(in: .milliseconds(100)) { [self] in
            backingOff = false
            if !closed { try? loop.setInterest(fd: fd, .read) }
        }
    }

    private func dispatch(_ connectionFD: Int32) {
        if let limit = options.maxConnections, connectionCount.load(ordering: .relaxed) >= limit {
            PosixSocketCalls.close(connectionFD)
            return
        }
        connectionCount.add(1, ordering: .relaxed)
        let target = group.next()
        if target === loop {
            open(connectionFD, on: target)
        } else if !target.submit({ self.open(connectionFD, on: target) }) {
            PosixSocketCalls.close(connectionFD)
            connectionCount.subtract(1, ordering: .relaxed)
        }
    }

    /// Creates the connection on its loop (that loop's thread).
    private func open(_ connectionFD: Int32, on target: EventLoop) {
        guard let factory = makeHandler.withLock({ $0 }) else {
            // The listener closed while this descriptor was on its way to its loop.
            PosixSocketCalls.close(connectionFD)
            connectionCount.subtract(1, ordering: .relaxed)
            return
        }
        let connection = TCPConnection(fd: connectionFD, loop: target, options: options.connection)
        connection.onClosed = { self.connectionCount.subtract(1, ordering: .relaxed) }
        do {
            try connection.start(handler: factory.make(connection))
        } catch {
            connectionCount.subtract(1, ordering: .relaxed)
        }
    }

    func selectorWritable() {}

    func loopWillShutDown() {
        close()
    }
}
