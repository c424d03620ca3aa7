/// One connection attempt of a client: the first hop (see `ClientFirstHop`), TLS for wss://, and the opening
/// handshake to one URL. Redirects are followed by `WebSocketClient.connect`, one attempt per URL.
struct ClientConnectAttempt: Sendable {
    /// What the application asked for, the same for every URL of a redirect chain.
    struct Request: Sendable {
        var headers: HTTPHeaders
        var subprotocols: [String]
        var origin: String?
        var configuration: WebSocketConfiguration
        var metrics: WebSocketMetrics?
        var security: (any StreamSecurity)?
        /// The source address the socket binds before connecting (nil: the kernel's choice).
        var localAddress: SocketAddress?
        var delegate: any WebSocketChannelDelegate & Sendable
    }

    let url: WebSocketURL
    let hop: ClientFirstHop
    let route: WebSocketRoute
    let request: Request

    /// Builds the handshake, opens the first hop and runs TLS and the handshake over it.
    func run(on loop: EventLoop) async -> Result<WebSocketChannel, WebSocketConnectError> {
        let configuration = request.configuration
        let security = url.isSecure ? request.security : nil
        let driver: ClientHandshakeDriver
        do {
            let handshake = try ClientHandshake(
                host: url.host, port: url.hasExplicitPort ? url.port : nil, isSecure: url.isSecure, target: url.target,
                subprotocols: request.subprotocols, extensions: configuration.extensions.flatMap { $0.clientOffers() },
                origin: request.origin, extraHeaders: request.headers)
            driver = try ClientHandshakeDriver(
                handshake: handshake, configuration: configuration.connection, extensions: configuration.extensions,
                keySource: BatchedMaskingKeySource())
        } catch let error as HandshakeUsageError {
            return .failure(.invalidRequest(error))
        } catch let error as ConfigurationError {
            return .failure(.invalidConfiguration(error))
        } catch {
            return .failure(.closedDuringHandshake)
        }
        let options = TCPConnectionOptions(
            writeBufferHighWaterMark: configuration.writeBufferHighWaterMark,
            writeBufferLowWaterMark: configuration.writeBufferLowWaterMark)
        let (url, hop, route, request) = (url, hop, route, request)
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let makeHandler: @Sendable (TCPConnection) -> any TCPConnectionHandler = { tcp in
                let upper: (TCPConnection) -> any TCPConnectionHandler = { tcp in
                    Self.makeUpper(
                        tcp, url: url, driver: driver, security: security, route: route, request: request,
                        complete: { once.resume($0) })
                }
                switch hop {
                case .direct, .unixSocket:
                    return upper(tcp)
                case .httpProxy(let proxy):
                    return ProxyTunnelHandler(
                        proxy: proxy, host: url.host, port: url.port, timeout: configuration.handshakeTimeout,
                        maximumHeadSize: min(
                            configuration.connection.limits.maximumHandshakeSize,
                            ProxyConnectReader.defaultMaximumHeadSize),
                        next: upper, fail: { once.resume(.failure(.proxy($0))) })
                }
            }
            let connected: @Sendable (Result<TCPConnection, TransportError>) -> Void = { result in
                if case .failure(let error) = result { once.resume(.failure(.transport(error))) }
            }
            switch hop {
            case .direct:
                TCPClient.connect(
                    host: url.host, port: url.port, on: loop, timeout: configuration.handshakeTimeout, options: options,
                    localAddress: request.localAddress, makeHandler: makeHandler, completion: connected)
            case .httpProxy(let proxy):
                TCPClient.connect(
                    host: proxy.host, port: proxy.port, on: loop, timeout: configuration.handshakeTimeout,
                    options: options, localAddress: request.localAddress, makeHandler: makeHandler,
                    completion: connected)
            case .unixSocket(let path):
                TCPClient.connect(
                    unixPath: path, on: loop, timeout: configuration.handshakeTimeout, options: options,
                    makeHandler: makeHandler, completion: connected)
            }
        }
    }

    /// The layers above the first hop: TLS (for wss://, checked against the URL's host) and the WebSocket channel.
    private static func makeUpper(
        _ tcp: TCPConnection, url: WebSocketURL, driver: ClientHandshakeDriver, security: (any StreamSecurity)?,
        route: WebSocketRoute, request: Request,
        complete: @escaping (Result<WebSocketChannel, WebSocketConnectError>) -> Void
    ) -> any TCPConnectionHandler {
        guard let security else {
            let channel = WebSocketChannel(
                client: driver, stream: tcp, configuration: request.configuration, metrics: request.metrics,
                delegate: request.delegate, completion: complete)
            channel.route = route
            return channel
        }
        do {
            let secured = try security.secureClientConnection(tcp, serverName: url.host)
            let channel = WebSocketChannel(
                client: driver, stream: secured, configuration: request.configuration, metrics: request.metrics,
                delegate: request.delegate
            ) { [weak secured] result in
                // A TLS failure ends the connection during the handshake: report the TLS reason.
                if case .failure(.closedDuringHandshake) = result, let failure = secured?.securityFailure {
                    complete(.failure(.security(String(describing: failure))))
                } else {
                    complete(result)
                }
            }
            channel.route = route
            secured.upper = channel
            return secured
        } catch {
            complete(.failure(.security(String(describing: error))))
            return AbortingHandler()
        }
    }
}

/// Drops a connection that could not be secured.
private final class AbortingHandler: TCPConnectionHandler {
    func connectionActive(_ connection: TCPConnection) { connection.abort() }
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {}
}
