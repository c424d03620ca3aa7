extension TCPClient {
    /// Connects to the Unix-domain stream socket at `path` from `loop`; the connection then behaves exactly as a
    /// TCP one. `completion` is called exactly once, on the loop thread (or the calling thread if the loop is shut
    /// down): with `.invalidUnixSocketPath` for an unusable path, `.posix(operation: "connect", …)` when nothing
    /// listens there (`ENOENT`, `ECONNREFUSED`) or its backlog is full (`EAGAIN`), `.connectTimedOut` after `timeout`.
    public static func connect(
        unixPath path: String, on loop: EventLoop, timeout: Duration = .seconds(10),
        options: TCPConnectionOptions = TCPConnectionOptions(),
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler,
        completion: @escaping @Sendable (Result<TCPConnection, TransportError>) -> Void
    ) {
        let address: SocketAddress
        do {
            address = try SocketAddress(unixPath: path)
        } catch {
            if !loop.submit({ completion(.failure(error)) }) { completion(.failure(error)) }
            return
        }
        let accepted = loop.submit {
            TCPConnector(
                loop: loop, host: path, addresses: [address], timeout: timeout, options: options,
                makeHandler: makeHandler, completion: completion
            ).start()
        }
        if !accepted { completion(.failure(.eventLoopShutDown)) }
    }
}

extension TCPClient {
    /// Connects to the Unix-domain socket at `path` and returns the connection once established (see the
    /// completion variant). The connection's methods must still be called on `loop`.
    public static func connect(
        unixPath path: String, on loop: EventLoop, timeout: Duration = .seconds(10),
        options: TCPConnectionOptions = TCPConnectionOptions(),
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler
    ) async throws(TransportError) -> TCPConnection {
        let result: Result<TCPConnection, TransportError> = await LoopHandoff.value { deliver in
            connect(
                unixPath: path, on: loop, timeout: timeout, options: options, makeHandler: makeHandler,
                completion: deliver)
        }
        return try result.get()
    }
}
