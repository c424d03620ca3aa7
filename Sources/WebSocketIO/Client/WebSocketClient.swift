import Synchronization

/// Opens client WebSocket connections.
public enum WebSocketClient {
    /// The loops client connections run on when none is given: one loop, started on first use.
    public static let sharedGroup: EventLoopGroup = {
        do {
            return try EventLoopGroup(numberOfThreads: 1)
        } catch {
            fatalError("cannot start the client event loop: \(error)")
        }
    }()

    /// Connects to a `ws://` URL, runs the opening handshake, and returns the open channel with `delegate`
    /// installed. `headers`, `subprotocols` and `origin` go into the request; the connect and handshake each time out
    /// after `configuration.handshakeTimeout`.
    ///
    /// With `unixSocketPath`, the connection goes to that Unix-domain socket instead of the URL's host and port;
    /// the URL still gives the request's `Host` header and target (and `wss://` still runs TLS, checked against
    /// the URL's host).
    public static func connect(
        to url: String, unixSocketPath: String? = nil, headers: HTTPHeaders = HTTPHeaders(), subprotocols: [String] = [],
        origin: String? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration(), on loop: EventLoop? = nil,
        metrics: WebSocketMetrics? = nil, security: (any StreamSecurity)? = nil,
        delegate: any WebSocketChannelDelegate & Sendable
    ) async throws(WebSocketConnectError) -> WebSocketChannel {
        guard let parsed = WebSocketURL(url) else { throw .invalidURL(url) }
        guard !parsed.isSecure || security != nil else {
            throw .invalidURL("\(url): wss:// needs a StreamSecurity (build with the TLS trait)")
        }
        let security = parsed.isSecure ? security : nil
        do { try configuration.validate() } catch { throw .invalidConfiguration(error) }
        let handshake: ClientHandshake
        do {
            handshake = try ClientHandshake(
                host: parsed.host, port: parsed.hasExplicitPort ? parsed.port : nil, isSecure: parsed.isSecure,
                target: parsed.target, subprotocols: subprotocols,
                extensions: configuration.extensions.flatMap { $0.clientOffers() }, origin: origin, extraHeaders: headers)
        } catch {
            throw .invalidRequest(error)
        }
        let driver: ClientHandshakeDriver
        do {
            driver = try ClientHandshakeDriver(
                handshake: handshake, configuration: configuration.connection, extensions: configuration.extensions,
                keySource: BatchedMaskingKeySource())
        } catch {
            throw .invalidConfiguration(error)
        }
        let loop = loop ?? sharedGroup.next()
        let options = TCPConnectionOptions(
            writeBufferHighWaterMark: configuration.writeBufferHighWaterMark,
            writeBufferLowWaterMark: configuration.writeBufferLowWaterMark)
        let result: Result<WebSocketChannel, WebSocketConnectError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let makeHandler: @Sendable (TCPConnection) -> any TCPConnectionHandler = { tcp in
                let complete: (Result<WebSocketChannel, WebSocketConnectError>) -> Void = { once.resume($0) }
                guard let security else {
                    return WebSocketChannel(
                        client: driver, stream: tcp, configuration: configuration, metrics: metrics,
                        delegate: delegate, completion: complete)
                }
                do {
                    let secured = try security.secureClientConnection(tcp, serverName: parsed.host)
                    secured.upper = WebSocketChannel(
                        client: driver, stream: secured, configuration: configuration, metrics: metrics,
                        delegate: delegate
                    ) { [weak secured] result in
                        // A TLS failure ends the connection during the handshake: report the TLS reason.
                        if case .failure(.closedDuringHandshake) = result, let failure = secured?.securityFailure {
                            complete(.failure(.security(String(describing: failure))))
                        } else {
                            complete(result)
                        }
                    }
                    return secured
                } catch {
                    once.resume(.failure(.security(String(describing: error))))
                    return AbortingHandler()
                }
            }
            let connected: @Sendable (Result<TCPConnection, TransportError>) -> Void = { result in
                if case .failure(let error) = result { once.resume(.failure(.transport(error))) }
            }
            if let unixSocketPath {
                TCPClient.connect(
                    unixPath: unixSocketPath, on: loop, timeout: configuration.handshakeTimeout, options: options,
                    makeHandler: makeHandler, completion: connected)
            } else {
                TCPClient.connect(
                    host: parsed.host, port: parsed.port, on: loop, timeout: configuration.handshakeTimeout,
                    options: options, makeHandler: makeHandler, completion: connected)
            }
        }
        return try result.get()
    }
}

/// Drops a connection that could not be secured.
private final class AbortingHandler: TCPConnectionHandler {
    func connectionActive(_ connection: TCPConnection) { connection.abort() }
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {}
}
