import Dispatch

/// Opens outgoing TCP connections.
public enum TCPClient {
    /// Connects to `host:port` from `loop`.
    ///
    /// The name is resolved with `getaddrinfo` on a background queue (never blocking the loop); the addresses are
    /// tried in the resolver's order until one accepts. On success the handler made by `makeHandler` receives
    /// `connectionActive` and then `completion` gets the connection, both on the loop thread.
    ///
    /// - Parameters:
    ///   - host: a name or numeric address (IPv4 or IPv6).
    ///   - port: the port.
    ///   - loop: the loop the connection lives on.
    ///   - timeout: the limit for the whole attempt (all addresses), after which it fails with `.connectTimedOut`.
    ///   - options: the connection's write-buffer water marks and other options.
    ///   - localAddress: the local (source) address the socket binds before connecting, its port usually 0 (the
    ///     kernel picks one); nil lets the kernel choose. Destination addresses of another family are skipped with
    ///     `.posix(operation: "bind", code: EAFNOSUPPORT)`.
    ///   - makeHandler: creates the connection's handler, on `loop`.
    ///   - completion: called exactly once, on the loop thread (or the calling thread if the loop is shut down).
    public static func connect(
        host: String, port: Int, on loop: EventLoop, timeout: Duration = .seconds(10),
        options: TCPConnectionOptions = TCPConnectionOptions(), localAddress: SocketAddress? = nil,
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler,
        completion: @escaping @Sendable (Result<TCPConnection, TransportError>) -> Void
    ) {
        DispatchQueue.global().async {
            let addresses: [SocketAddress]
            switch Result(catching: { () throws(TransportError) in try SocketAddress.resolve(host: host, port: port) }) {
            case .success(let resolved):
                addresses = resolved
            case .failure(let error):
                if !loop.submit({ completion(.failure(error)) }) { completion(.failure(error)) }
                return
            }
            let accepted = loop.submit {
                TCPConnector(
                    loop: loop, host: host, addresses: addresses, timeout: timeout, options: options,
                    localAddress: localAddress, makeHandler: makeHandler, completion: completion
                ).start()
            }
            if !accepted { completion(.failure(.eventLoopShutDown)) }
        }
    }

    /// Connects to `host:port` from `loop` and returns the connection once established (see the completion
    /// variant). The connection's methods must still be called on `loop`.
    public static func connect(
        host: String, port: Int, on loop: EventLoop, timeout: Duration = .seconds(10),
        options: TCPConnectionOptions = TCPConnectionOptions(), localAddress: SocketAddress? = nil,
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler
    ) async throws(TransportError) -> TCPConnection {
        let result: Result<TCPConnection, TransportError> = await LoopHandoff.value { deliver in
            connect(
                host: host, port: port, on: loop, timeout: timeout, options: options, localAddress: localAddress,
                makeHandler: makeHandler, completion: deliver)
        }
        return try result.get()
    }
}
