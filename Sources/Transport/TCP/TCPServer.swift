#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A stream server: a listening socket (TCP, or a Unix-domain socket: see `bind(unixPath:…)`) on one loop of a
/// group whose accepted connections are spread over the group's loops, each given a handler made by the factory
/// (called on the connection's loop).
public final class TCPServer: Sendable {
    /// The address the server listens on (with the actual port when port 0 was requested).
    public let localAddress: SocketAddress
    private let listener: TCPListener

    /// The port the server listens on.
    public var port: Int { localAddress.port }

    /// Connections currently open (across all loops).
    public var connectionCount: Int { listener.connectionCount.load(ordering: .relaxed) }

    init(localAddress: SocketAddress, listener: TCPListener) {
        self.localAddress = localAddress
        self.listener = listener
    }

    /// Binds `host:port` and starts accepting.
    ///
    /// - Parameters:
    ///   - host: a name or numeric address (IPv4 or IPv6, brackets allowed); `""` or `"*"` for all interfaces.
    ///     The resolved addresses are tried in order until one binds.
    ///   - port: the port; 0 lets the system pick a free one (read it from `port`).
    ///   - group: the loops; the listener runs on `group.next()`, connections on the following loops round-robin.
    ///   - options: backlog, connection limit and per-connection options.
    ///   - makeHandler: creates the handler of each accepted connection, on that connection's loop.
    public static func bind(
        host: String, port: Int, group: EventLoopGroup, options: TCPServerOptions = TCPServerOptions(),
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler
    ) throws(TransportError) -> TCPServer {
        let addresses = try SocketAddress.resolve(host: host, port: port, passive: true)
        var lastError = TransportError.noAddresses(host: host)
        for address in addresses {
            let fd: Int32
            do {
                fd = try PosixSocketCalls.makeStreamSocket(family: address.family)
            } catch {
                lastError = error
                continue
            }
            if options.reuseAddress {
                PosixSocketCalls.setIntOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            }
            if options.reusePort {
                PosixSocketCalls.setIntOption(fd, level: SOL_SOCKET, name: SO_REUSEPORT, value: 1)
            }
            let bound = address.withSockAddr { systemBind(fd, $0, $1) }
            if bound != 0 || listen(fd, options.backlog) != 0 {
                lastError = .posix(operation: bound != 0 ? "bind" : "listen", code: errno)
                PosixSocketCalls.close(fd)
                continue
            }
            let loop = group.next()
            let listener = TCPListener(fd: fd, loop: loop, group: group, options: options, makeHandler: makeHandler)
            guard loop.submit({ listener.start() }) else {
                PosixSocketCalls.close(fd)
                throw .eventLoopShutDown
            }
            return TCPServer(localAddress: PosixSocketCalls.localAddress(fd) ?? address, listener: listener)
        }
        throw lastError
    }

    /// Stops accepting (closes the listening socket); open connections stay open for the upper layer to close.
    /// `completion` runs on the listener's loop once the socket is closed.
    public func stop(_ completion: @escaping @Sendable () -> Void = {}) {
        let listener = self.listener
        if !listener.loop.submit({
            listener.close()
            completion()
        }) {
            completion()
        }
    }

    /// Stops accepting and returns once the listening socket is closed.
    public func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            stop { continuation.resume() }
        }
    }
}

/// `bind(2)` (the module-qualified name avoids the clash with `TCPServer.bind`).
func systemBind(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Darwin)
    return Darwin.bind(fd, address, length)
    #else
    return Glibc.bind(fd, address, length)
    #endif
}
