#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// One outgoing connect on a loop: tries each resolved address in order with a non-blocking `connect`, waits for
/// writability and checks `SO_ERROR`, and gives up when the overall timeout fires.
final class TCPConnector: @unchecked Sendable, EventLoopSelectable {
    private let loop: EventLoop
    private let host: String
    private let addresses: [SocketAddress]
    private let timeout: Duration
    private let options: TCPConnectionOptions
    private let localAddress: SocketAddress?
    private let makeHandler: @Sendable (TCPConnection) -> any TCPConnectionHandler
    private let completion: @Sendable (Result<TCPConnection, TransportError>) -> Void
    private var nextAddress = 0
    private var fd: Int32 = -1
    private var lastError: TransportError?
    private var timer: EventLoopScheduledTask?
    private var finished = false

    init(
        loop: EventLoop, host: String, addresses: [SocketAddress], timeout: Duration, options: TCPConnectionOptions,
        localAddress: SocketAddress? = nil,
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler,
        completion: @escaping @Sendable (Result<TCPConnection, TransportError>) -> Void
    ) {
        self.loop = loop
        self.host = host
        self.addresses = addresses
        self.timeout = timeout
        self.options = options
        self.localAddress = localAddress
        self.makeHandler = makeHandler
        self.completion = completion
    }

    /// Starts the timeout and the first attempt (loop thread).
    func start() {
        timer = loop.scheduleTaskOnLoop(in: timeout) { [self] in
            abandonAttempt()
            complete(.failure(.connectTimedOut))
        }
        attemptNext()
    }

    private func attemptNext() {
        while !finished && nextAddress < addresses.count {
            let address = addresses[nextAddress]
            nextAddress += 1
            do {
                fd = try PosixSocketCalls.makeStreamSocket(family: address.family)
            } catch {
                lastError = error
                continue
            }
            if let localAddress {
                do {
                    try PosixSocketCalls.bindSource(fd, to: localAddress, socketFamily: address.family)
                } catch {
                    lastError = error
                    PosixSocketCalls.close(fd)
                    fd = -1
                    continue
                }
            }
            let result = address.withSockAddr { connect(fd, $0, $1) }
            if result == 0 {
                established()
                return
            }
            let code = errno
            if code == EINPROGRESS || code == EINTR {
                do {
                    try loop.register(self, fd: fd)
                    try loop.setInterest(fd: fd, .write)
                    return
                } catch {
                    lastError = error
                    abandonAttempt()
                    continue
                }
            }
            lastError = .posix(operation: "connect", code: code)
            abandonAttempt()
        }
        if !finished { complete(.failure(lastError ?? .noAddresses(host: host))) }
    }

    private func abandonAttempt() {
        guard fd >= 0 else { return }
        loop.deregister(fd: fd, descriptorWillClose: true)
        PosixSocketCalls.close(fd)
        fd = -1
    }

    func selectorWritable() {
        let code = PosixSocketCalls.pendingError(fd)
        if code == 0 {
            loop.deregister(fd: fd, descriptorWillClose: false)
            established()
        } else {
            lastError = .posix(operation: "connect", code: code)
            abandonAttempt()
            attemptNext()
        }
    }

    private func established() {
        let connectionFD = fd
        fd = -1
        let connection = TCPConnection(fd: connectionFD, loop: loop, options: options)
        do {
            try connection.start(handler: makeHandler(connection))
            complete(.success(connection))
        } catch {
            complete(.failure(error))
        }
    }

    private func complete(_ result: Result<TCPConnection, TransportError>) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        completion(result)
    }

    func selectorReadable() {}

    func loopWillShutDown() {
        abandonAttempt()
        complete(.failure(.eventLoopShutDown))
    }
}
