/// One WebSocket connection on a byte stream (TCP, or TLS over TCP), owned by one event loop.
///
/// Plumbing only: every protocol decision (handshake, keepalive, timeouts, who closes first, held input, no
/// interleaving) is the core's `WebSocketSession`. The channel feeds it the stream's bytes and events, the
/// application's calls and the clock, and performs the actions it returns: writes, deliveries to the delegate, the
/// one timer, reading paused or resumed, the stream closed or dropped. Every method must be called on the
/// channel's event loop (delegate callbacks already are; from elsewhere go through `eventLoop.execute`).
public final class WebSocketChannel: TCPConnectionHandler, @unchecked Sendable {
    /// The byte stream underneath (a TCP connection, or a TLS session over one).
    public let stream: any ByteStream
    /// Which side this is.
    public let role: Role
    /// Receives the connection's events.
    @exclusivity(unchecked) public var delegate: (any WebSocketChannelDelegate)?
    /// The close code, once the connection has closed (see `WebSocketChannelDelegate.webSocketDidClose`).
    public internal(set) var closeCode: CloseCode?
    /// The peer's close reason, once closed.
    public internal(set) var closeReason = ""
    /// A client's route: the final URL, the proxy and the redirects followed (nil on the server side).
    public internal(set) var route: WebSocketRoute? {
        get { routeBox?.route }
        set { routeBox = newValue.map(RouteBox.init) }
    }
    /// The client's route out of line: a server channel (most of them) carries a pointer, not the route's size.
    private var routeBox: RouteBox?

    /// A client's route, boxed (`route`).
    private final class RouteBox {
        let route: WebSocketRoute
        init(_ route: WebSocketRoute) { self.route = route }
    }

    /// Receives log lines (the configuration's logger).
    let logger: WebSocketLogger?
    let metrics: WebSocketMetrics?
    @exclusivity(unchecked) let session: WebSocketSession
    /// The server's closures, until the handshake is over: they are the application's and may hold this channel
    /// (a handler that keeps its sockets), so keeping them for the connection's lifetime would be a retain cycle.
    /// One object shared by the server's channels: each holds a pointer while its handshake runs, none after.
    @exclusivity(unchecked) var server: ServerHooks?
    @exclusivity(unchecked) var clientCompletion: ((Result<WebSocketChannel, WebSocketConnectError>) -> Void)?
    @exclusivity(unchecked) var timer: EventLoopScheduledTask?
    /// True while the session's actions are being performed: calls made meanwhile (a delegate's send) are picked up
    /// by the same pass instead of starting another.
    @exclusivity(unchecked) var performing = false
    /// The transport is gone (`connectionClosed`): once the session's last events are delivered, let go of everything.
    @exclusivity(unchecked) var transportGone = false
    @exclusivity(unchecked) var released = false
    @exclusivity(unchecked) var pongWaiters: [UInt64: (Bool) -> Void] = [:]
    /// The application's suspending upgrade decision or HTTP answer under way (cancelled if the connection ends).
    @exclusivity(unchecked) var applicationTask: Task<Void, Never>?

    /// Something other than the delegate that follows this channel's writability and end (loop thread only).
    protocol ChannelObserver: AnyObject {
        func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool)
        func channelClosed(_ channel: WebSocketChannel)
    }

    /// Parties other than the delegate that follow this channel (a broadcast hub), keyed by their identity.
    @exclusivity(unchecked) var observers: [ObjectIdentifier: any ChannelObserver] = [:]

    /// What a server channel needs from its server: made once per server and shared by reference, so a channel
    /// holds a pointer to it (while its handshake runs), not the closures inline.
    final class ServerHooks: Sendable {
        /// A fresh reader for the upgrade request (made once, when the server's configuration was validated).
        let handshakeReader: SharedRequestReader
        /// The sessions' configuration, shared by every connection of the server.
        let session: SharedSessionConfiguration
        let decideUpgrade: UpgradeDecider
        let handleHTTP: @Sendable (HTTPRequest) async -> HTTPResponse
        let makeDelegate: @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate

        init(
            handshakeReader: SharedRequestReader, session: SharedSessionConfiguration, decideUpgrade: UpgradeDecider,
            handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse,
            makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
        ) {
            self.handshakeReader = handshakeReader
            self.session = session
            self.decideUpgrade = decideUpgrade
            self.handleHTTP = handleHTTP
            self.makeDelegate = makeDelegate
        }
    }

    init(server hooks: ServerHooks, stream: any ByteStream, configuration: WebSocketConfiguration, metrics: WebSocketMetrics?) {
        self.stream = stream
        self.role = .server
        self.server = hooks
        self.logger = configuration.logger
        self.metrics = metrics
        // The server validated the configuration when it started.
        self.session = WebSocketSession(server: hooks.handshakeReader, validatedConfiguration: hooks.session, now: Self.now)
    }

    init(
        client driver: ClientHandshakeDriver, stream: any ByteStream, configuration: WebSocketConfiguration,
        metrics: WebSocketMetrics?, delegate: any WebSocketChannelDelegate,
        completion: @escaping (Result<WebSocketChannel, WebSocketConnectError>) -> Void
    ) {
        self.stream = stream
        self.role = .client
        self.logger = configuration.logger
        self.metrics = metrics
        self.delegate = delegate
        self.clientCompletion = completion
        // `WebSocket.connect` validated the configuration.
        self.session = WebSocketSession(
            client: driver, validatedConfiguration: SharedSessionConfiguration(configuration.session), now: Self.now)
    }

    /// The event loop that owns this channel.
    public var eventLoop: EventLoop { stream.eventLoop }

    /// The client's upgrade request (server side, once the handshake is read).
    public var request: UpgradeRequest? { session.request }

    /// The subprotocol agreed in the handshake.
    public var subprotocol: String? { session.subprotocol }

    /// The names of the negotiated extensions.
    public var extensionNames: [String] { session.extensionNames }

    /// True while the connection is open for sending data.
    public var isOpen: Bool { session.phase == .open }

    /// True while buffered outbound bytes are below the high-water mark.
    public var isWritable: Bool { stream.isWritable }

    /// Bytes queued for the socket.
    public var bufferedOutboundBytes: Int { stream.bufferedOutboundBytes }

    /// The peer's address.
    public var remoteAddress: SocketAddress? { stream.remoteAddress }

    // MARK: Sending

    /// Sends a whole message (transformed by negotiated extensions).
    public func send(_ message: Message) throws(WebSocketSendError) {
        try session.send(message)
        performAfterSend()
    }

    /// Sends a text message.
    public func send(text: String) throws(WebSocketSendError) { try send(.text(text)) }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws(WebSocketSendError) { try send(.binary(binary)) }

    /// Sends the first fragment of a message sent as a sequence of frames.
    public func beginFragmentedMessage(_ kind: Message.Kind, _ bytes: [UInt8]) throws(WebSocketSendError) {
        try session.beginFragmentedMessage(kind, bytes)
        performAfterSend()
    }

    /// Sends the next fragment; `isFinal` ends the message (and prepared messages sent meanwhile follow it).
    public func continueFragmentedMessage(_ bytes: [UInt8], isFinal: Bool) throws(WebSocketSendError) {
        try session.continueFragmentedMessage(bytes, isFinal: isFinal)
        performAfterSend()
    }

    /// Sends a message prepared once for many receivers (see `BroadcastHub`): the encoded frame bytes are written
    /// as they are, never inside a fragmented message. Server side only.
    public func send(prepared: PreparedMessage) throws(WebSocketSendError) {
        try session.send(prepared: prepared.frame)
        performAfterSend()
    }

    /// Sends a ping; `onPong` is called with true when a pong with the same payload (or one answering a later
    /// ping) arrives, false if the connection closes first.
    public func ping(_ payload: [UInt8] = [], onPong: ((Bool) -> Void)? = nil) throws(WebSocketSendError) {
        let token = try session.ping(payload, tracked: onPong != nil)
        if let token, let onPong { pongWaiters[token] = onPong }
        perform()
    }

    /// Starts the closing handshake: sends a close frame and waits (up to `closeTimeout`) for the peer's. A code
    /// that may not be sent or a reason over 123 bytes throws `.usage` (nothing is sent). During the opening
    /// handshake it drops the connection; closing or closed, it does nothing.
    public func close(code: CloseCode = .normalClosure, reason: String = "") throws(WebSocketSendError) {
        try session.close(code: code, reason: reason, now: Self.now)
        perform()
    }

    /// Drops the connection at once, without a close handshake.
    public func abort() {
        session.abort(now: Self.now)
        perform()
    }

    /// Stops reading from the peer on behalf of the application (a slow consumer), until `resumeReading()`.
    /// Independent of the pause the session applies while the outbound buffer is full.
    public func pauseReading() {
        session.pauseReading()
        perform()
    }

    /// Undoes `pauseReading()`.
    public func resumeReading() {
        session.resumeReading()
        perform()
    }

    // MARK: TCPConnectionHandler

    /// Starts the handshake (and its timeout); a client sends its request.
    public func connectionActive(_ connection: TCPConnection) {
        session.start(now: Self.now)
        perform()
    }

    /// Bytes from the peer.
    public func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        metrics?.bytesReceived(bytes.count)
        session.receive(bytes, now: Self.now)
        perform()
    }

    /// The rest of a large message's payload, which the connection can take straight into the message's storage.
    public func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int {
        performing ? 0 : session.directReceiveCapacity
    }

    /// Reads the peer's bytes straight into the message being received (see `Connection.receiveDirect`).
    public func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int) {
        var count = 0
        session.receiveDirect(now: Self.now) { destination in
            count = read(destination)
            return count
        }
        if count > 0 { metrics?.bytesReceived(count) }
        perform()
    }

    /// Forwards writability to the session, which pauses reading while the buffer is full, runs the write-stall
    /// deadline, and then has the change delivered to the observers and the delegate.
    public func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        session.writabilityChanged(isWritable: isWritable, now: Self.now)
        perform()
    }

    /// The peer closed its side.
    public func connectionReadEOF(_ connection: TCPConnection) {
        session.endOfStream(now: Self.now)
        perform()
    }

    /// The TCP connection is gone: the session reports the close (or the failed handshake) once.
    public func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        transportGone = true
        session.transportClosed(now: Self.now)
        perform()
    }

    /// After the transport is gone and the session's last events were delivered: fail what waits, let go of the
    /// observers and the delegate.
    func releaseAfterClose() {
        timer?.cancel()
        timer = nil
        applicationTask?.cancel()
        applicationTask = nil
        if let completion = clientCompletion {
            clientCompletion = nil
            completion(.failure(.closedDuringHandshake))
        }
        let waiters = pongWaiters.values
        pongWaiters = [:]
        for waiter in waiters { waiter(false) }
        let watching = observers.values
        observers = [:]
        for observer in watching { observer.channelClosed(self) }
        server = nil
        delegate = nil
    }

    /// Fires the session's timer as if `duration` had passed since now (a test drives a timed rule through a real
    /// connection without waiting for it).
    func fireTimerForTesting(after duration: Duration) {
        session.timerFired(now: Self.now + duration)
        perform()
    }
}
