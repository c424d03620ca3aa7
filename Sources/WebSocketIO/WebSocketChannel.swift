/// One WebSocket connection on a TCP connection, owned by one event loop.
///
/// The protocol lives entirely in the core's typed `Connection` state machine; the channel only moves bytes
/// between it and the socket, runs the timers (handshake, close, idle, keepalive) and reports events to its
/// delegate. Every method must be called on the channel's event loop (delegate callbacks already are; from
/// elsewhere go through `eventLoop.execute`).
public final class WebSocketChannel: TCPConnectionHandler, @unchecked Sendable {
    /// The byte stream underneath (a TCP connection, or a TLS session over one).
    public let stream: any ByteStream
    /// Which side this is.
    public let role: Role
    /// Receives the connection's events.
    public var delegate: (any WebSocketChannelDelegate)?
    /// The client's upgrade request (server side, once the handshake is read).
    public private(set) var request: UpgradeRequest?
    /// The subprotocol agreed in the handshake.
    public private(set) var subprotocol: String?
    /// The names of the negotiated extensions.
    public private(set) var extensionNames: [String] = []
    /// The close code, once the connection has closed (see `WebSocketChannelDelegate.webSocketDidClose`).
    public private(set) var closeCode: CloseCode?
    /// The peer's close reason, once closed.
    public private(set) var closeReason = ""

    let configuration: WebSocketConfiguration
    let metrics: WebSocketMetrics?
    /// The server's closures, until the handshake is over: they are the application's and may hold this channel
    /// (a handler that keeps its sockets), so keeping them for the connection's lifetime would be a retain cycle.
    private var server: ServerHooks?
    private var serverReader: ServerHandshakeReader?
    private var clientDriver: ClientHandshakeDriver?
    private var clientCompletion: ((Result<WebSocketChannel, WebSocketConnectError>) -> Void)?
    @exclusivity(unchecked) private var open: Connection<Open>?
    @exclusivity(unchecked) private var closing: Connection<Closing>?
    /// Mirrors which of `open`/`closing` holds the connection (comparing a noncopyable optional would consume it).
    @exclusivity(unchecked) private var isOpenState = false
    @exclusivity(unchecked) private var isClosingState = false
    @exclusivity(unchecked) private var finished = false
    private var closeReported = false
    /// True while events are handed to the delegate: sends made then are flushed once, after the batch.
    @exclusivity(unchecked) private var dispatching = false
    private var handshakeTimer: EventLoopScheduledTask?
    private var closeTimer: EventLoopScheduledTask?
    private var idleTimer: EventLoopScheduledTask?
    private var keepaliveTimer: EventLoopScheduledTask?
    private var pongDeadline: EventLoopScheduledTask?
    private var writeStallTimer: EventLoopScheduledTask?
    private var extensionIdleTimer: EventLoopScheduledTask?
    /// Data messages received or sent so far (wrapping): the extension idle check compares it between ticks.
    @exclusivity(unchecked) private var messageActivity: UInt64 = 0
    /// `messageActivity` at the last extension idle tick, and whether the memory was released since.
    private var activityAtLastIdleTick: UInt64 = 0
    private var extensionMemoryReleased = false
    private var pongWaiters: [(payload: [UInt8], done: (Bool) -> Void)] = []
    /// Prepared (broadcast) messages that arrived during a fragmented send, waiting for its final fragment.
    private var heldPrepared: [PreparedMessage] = []
    @exclusivity(unchecked) private var lastActivity: ContinuousClock.Instant
    private var pingCounter: UInt64 = 0

    /// Something other than the delegate that follows this channel's writability and end (loop thread only).
    protocol ChannelObserver: AnyObject {
        func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool)
        func channelClosed(_ channel: WebSocketChannel)
    }

    /// What a server channel needs from its server.
    struct ServerHooks {
        /// A fresh reader for the upgrade request (made once, when the server's configuration was validated).
        var handshakeReader: ServerHandshakeReader
        var decideUpgrade: @Sendable (UpgradeRequest) -> UpgradeDecision
        var handleHTTP: @Sendable (HTTPRequestHead) -> HTTPResponse
        var makeDelegate: @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    }

    init(server hooks: ServerHooks, stream: any ByteStream, configuration: WebSocketConfiguration, metrics: WebSocketMetrics?) {
        self.stream = stream
        self.role = .server
        self.server = hooks
        self.configuration = configuration
        self.metrics = metrics
        self.serverReader = hooks.handshakeReader
        self.lastActivity = .now
    }

    init(
        client driver: ClientHandshakeDriver, stream: any ByteStream, configuration: WebSocketConfiguration,
        metrics: WebSocketMetrics?, delegate: any WebSocketChannelDelegate,
        completion: @escaping (Result<WebSocketChannel, WebSocketConnectError>) -> Void
    ) {
        self.stream = stream
        self.role = .client
        self.server = nil
        self.configuration = configuration
        self.metrics = metrics
        self.clientDriver = driver
        self.delegate = delegate
        self.clientCompletion = completion
        self.lastActivity = .now
    }

    /// The event loop that owns this channel.
    public var eventLoop: EventLoop { stream.eventLoop }

    /// True while the connection is open for sending data.
    public var isOpen: Bool { isOpenState }

    /// True while buffered outbound bytes are below the high-water mark.
    public var isWritable: Bool { stream.isWritable }

    /// Bytes queued for the socket.
    public var bufferedOutboundBytes: Int { stream.bufferedOutboundBytes }

    /// The peer's address.
    public var remoteAddress: SocketAddress? { stream.remoteAddress }

    // MARK: Sending

    /// Sends a whole message (transformed by negotiated extensions).
    public func send(_ message: Message) throws(WebSocketSendError) {
        guard isOpenState else { throw .notOpen }
        do {
            try open?.send(message)
        } catch {
            throw .usage(error)
        }
        metrics?.messagesSent(1)
        messageActivity &+= 1
        if !dispatching { flushOutbound() }
    }

    /// Sends a text message.
    public func send(text: String) throws(WebSocketSendError) { try send(.text(text)) }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws(WebSocketSendError) { try send(.binary(binary)) }

    /// Sends the first fragment of a message sent as a sequence of frames.
    public func beginFragmentedMessage(_ kind: Message.Kind, _ bytes: [UInt8]) throws(WebSocketSendError) {
        guard isOpenState else { throw .notOpen }
        do { try open?.beginFragmentedMessage(kind, bytes) } catch { throw .usage(error) }
        flushOutbound()
    }

    /// Sends the next fragment; `isFinal` ends the message.
    public func continueFragmentedMessage(_ bytes: [UInt8], isFinal: Bool) throws(WebSocketSendError) {
        guard isOpenState else { throw .notOpen }
        do { try open?.continueFragmentedMessage(bytes, isFinal: isFinal) } catch { throw .usage(error) }
        if isFinal {
            metrics?.messagesSent(1)
            let held = heldPrepared
            heldPrepared = []
            for prepared in held { try send(prepared: prepared) }
        }
        flushOutbound()
    }

    /// Sends a message prepared once for many receivers (see `BroadcastHub`): the encoded frame bytes are written
    /// as they are. Server side only.
    public func send(prepared: PreparedMessage) throws(WebSocketSendError) {
        guard isOpenState, role == .server else { throw .notOpen }
        if open?.isSendingFragmentedMessage ?? false {
            // Never inside a fragmented message (RFC 6455 §5.4): sent right after its final fragment.
            heldPrepared.append(prepared)
            return
        }
        flushOutbound()
        stream.write(prepared.frameBytes)
        metrics?.messagesSent(1)
        metrics?.bytesSent(prepared.frameBytes.count)
    }

    /// Sends a ping; `onPong` is called with true when a pong with the same payload arrives, false if the
    /// connection closes first.
    public func ping(_ payload: [UInt8] = [], onPong: ((Bool) -> Void)? = nil) throws(WebSocketSendError) {
        guard isOpenState else { throw .notOpen }
        do { try open?.ping(payload) } catch { throw .usage(error) }
        if let onPong { pongWaiters.append((payload, onPong)) }
        flushOutbound()
    }

    /// Starts the closing handshake: sends a close frame and waits (up to `closeTimeout`) for the peer's.
    /// Does nothing when the connection is not open.
    public func close(code: CloseCode = .normalClosure, reason: String = "") {
        guard let connection = open.take() else {
            if serverReader != nil || clientDriver != nil { abort() }
            return
        }
        let payload = (try? ClosePayload(code: code, reason: reason))
            ?? (try? ClosePayload(code: code)) ?? .normal
        let closingConnection = connection.close(payload)
        closing = consume closingConnection
        isOpenState = false
        isClosingState = true
        flushOutbound()
        armCloseTimer()
    }

    /// Drops the connection at once, without a close handshake.
    public func abort() {
        if let connection = open.take() { finish(connection.abort()) }
        if let connection = closing.take() { finish(connection.abort()) }
        stream.abort()
    }

    // MARK: TCPConnectionHandler

    /// Starts the handshake timer (and, on a client, sends the request).
    public func connectionActive(_ connection: TCPConnection) {
        handshakeTimer = stream.scheduleTask(in: configuration.handshakeTimeout) { [weak self] in
            self?.handshakeTimedOut()
        }
        if let driver = clientDriver {
            write(driver.requestBytes)
        }
    }

    /// Bytes from the peer: handshake or frames.
    public func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        metrics?.bytesReceived(bytes.count)
        if serverReader != nil {
            readRequest(bytes)
        } else if clientDriver != nil {
            readResponse(bytes)
        } else {
            if configuration.idleTimeout != nil { lastActivity = .now }
            process(bytes)
        }
    }

    /// The rest of a large message's payload, which the connection can take straight into the message's storage.
    public func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int {
        guard isOpenState, !dispatching else { return 0 }
        return open?.directReceiveCapacity ?? 0
    }

    /// Reads the peer's bytes straight into the message being received (see `Connection.receiveDirect`).
    public func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int) {
        guard let connection = open.take() else { return }
        var count = 0
        var events: [ConnectionEvent] = []
        switch connection.receiveDirect(into: &events, { destination in
            count = read(destination)
            return count
        }) {
        case .open(let still): open = consume still
        case .closed(let closed): finish(closed)
        }
        guard count > 0 else { return }
        metrics?.bytesReceived(count)
        if configuration.idleTimeout != nil { lastActivity = .now }
        afterReceive(events)
    }

    /// Forwards writability to the delegate and the observers. While the outbound buffer is above its high-water
    /// mark the channel also stops reading, so a peer that sends but never reads cannot make this side buffer
    /// replies without bound (an echo, say); reading resumes below the low-water mark.
    public func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        pausedForWritability = !isWritable
        updateReading()
        updateWriteStallTimer(isWritable: isWritable)
        for observer in observers.values { observer.channelWritabilityChanged(self, isWritable: isWritable) }
        delegate?.webSocket(self, writabilityChanged: isWritable)
    }

    /// Stops reading from the peer on behalf of the application (a slow consumer), until `resumeReading()`.
    /// Independent of the pause the channel applies while its outbound buffer is full.
    public func pauseReading() {
        pausedByApplication = true
        updateReading()
    }

    /// Undoes `pauseReading()`.
    public func resumeReading() {
        pausedByApplication = false
        updateReading()
    }

    private var pausedByApplication = false
    private var pausedForWritability = false
    private var readingPaused = false

    private func updateReading() {
        let pause = pausedByApplication || pausedForWritability
        guard pause != readingPaused else { return }
        readingPaused = pause
        if pause { stream.pauseReading() } else { stream.resumeReading() }
    }

    /// Parties other than the delegate that follow this channel (a broadcast hub), keyed by their identity.
    var observers: [ObjectIdentifier: any ChannelObserver] = [:]

    /// The peer closed its side: if the close handshake did not finish, the connection ends abnormally.
    public func connectionReadEOF(_ connection: TCPConnection) {
        if let connection = open.take() { finish(connection.abort()) }
        if let connection = closing.take() { finish(connection.abort()) }
        stream.close()
    }

    /// The TCP connection is gone: report the close once, and fail pending work.
    public func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        if let connection = open.take() { finish(connection.abort()) }
        if let connection = closing.take() { finish(connection.abort()) }
        cancelTimers()
        if let completion = clientCompletion {
            clientCompletion = nil
            completion(.failure(.closedDuringHandshake))
        }
        let waiters = pongWaiters
        pongWaiters = []
        for waiter in waiters { waiter.done(false) }
        let watching = observers.values
        observers = [:]
        for observer in watching { observer.channelClosed(self) }
        server = nil
        if finished && !closeReported {
            closeReported = true
            metrics?.connectionClosed(code: closeCode ?? .abnormalClosure)
            configuration.logger?(.info, "\(describe()) closed \(closeCode ?? .abnormalClosure)")
            delegate?.webSocketDidClose(self, code: closeCode ?? .abnormalClosure, reason: closeReason)
        }
        delegate = nil
    }

    // MARK: Handshake

    private func readRequest(_ bytes: UnsafeRawBufferPointer) {
        guard var reader = serverReader, let server else { return }
        let step = reader.receive(bytes)
        serverReader = reader
        switch consume step {
        case .needMoreData:
            return
        case .rejected(let rejection, let head, let response):
            serverReader = nil
            self.server = nil
            handshakeTimer?.cancel()
            if let head, head.headers.first("Upgrade") == nil {
                let answer = server.handleHTTP(head)
                metrics?.handshakeRejected("http-\(answer.status)")
                write(answer.bytes)
            } else {
                metrics?.handshakeRejected("status-\(rejection.status)")
                configuration.logger?(.info, "\(describe()) handshake rejected: \(rejection)")
                write(response)
            }
            stream.close()
        case .upgradeRequested(let pending):
            serverReader = nil
            self.server = nil
            handshakeTimer?.cancel()
            request = pending.request
            switch server.decideUpgrade(pending.request) {
            case .accept(let response):
                let connection = pending.accept(response)
                becomeOpen(connection, delegate: server.makeDelegate(self))
            case .reject(let status, let reason, let body, let headers):
                let closed = pending.reject(status: status, reason: reason, body: body, headers: headers)
                metrics?.handshakeRejected("application-\(status)")
                write(closed.takeOutboundBytes())
                stream.close()
            }
        }
    }

    private func readResponse(_ bytes: UnsafeRawBufferPointer) {
        guard var driver = clientDriver else { return }
        let step = driver.receive(bytes)
        clientDriver = driver
        switch consume step {
        case .needMoreData:
            return
        case .failed(let failure):
            clientDriver = nil
            handshakeTimer?.cancel()
            let completion = clientCompletion
            clientCompletion = nil
            stream.abort()
            completion?(.failure(.handshake(failure)))
        case .opened(let connection):
            clientDriver = nil
            handshakeTimer?.cancel()
            let completion = clientCompletion
            clientCompletion = nil
            becomeOpen(connection, delegate: delegate)
            completion?(.success(self))
        }
    }

    private func becomeOpen(_ connection: consuming Connection<Open>, delegate: (any WebSocketChannelDelegate)?) {
        subprotocol = connection.subprotocol
        extensionNames = connection.extensionNames
        let buffered = connection.hasBufferedInput
        open = consume connection
        isOpenState = true
        self.delegate = delegate
        flushOutbound()
        metrics?.connectionOpened()
        configuration.logger?(.info, "\(describe()) opened \(request?.path ?? "")")
        startKeepaliveAndIdleTimers()
        delegate?.webSocketDidOpen(self)
        if buffered { process(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    private func handshakeTimedOut() {
        guard serverReader != nil || clientDriver != nil else { return }
        metrics?.handshakeRejected("timeout")
        configuration.logger?(.info, "\(describe()) handshake timed out")
        serverReader = nil
        clientDriver = nil
        if let completion = clientCompletion {
            clientCompletion = nil
            completion(.failure(.handshakeTimeout))
        }
        stream.abort()
    }

    // MARK: Frames

    private func process(_ bytes: UnsafeRawBufferPointer) {
        var events: [ConnectionEvent] = []
        if let connection = open.take() {
            switch connection.receive(bytes, into: &events) {
            case .open(let still): open = consume still
            case .closed(let closed): finish(closed)
            }
        } else if let connection = closing.take() {
            switch connection.receive(bytes, into: &events) {
            case .closing(let still): closing = consume still
            case .closed(let closed): finish(closed)
            }
        } else {
            return
        }
        afterReceive(events)
    }

    /// Sends what receiving queued (pongs, close replies), hands the events to the delegate, then sends what it
    /// queued in answer, and processes a close or violation held back behind the messages.
    private func afterReceive(_ events: [ConnectionEvent]) {
        flushOutbound()
        guard !events.isEmpty else { return }
        dispatching = true
        dispatch(events)
        dispatching = false
        flushOutbound()
        if finished { closeTransportAfterHandshake() }
        // A close or violation that followed these messages was held back so the delegate could answer them first.
        if isOpenState && (open?.hasBufferedInput ?? false) { process(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    private func dispatch(_ batch: [ConnectionEvent]) {
        var messages = 0
        for event in batch {
            switch event {
            case .message(let message):
                messages += 1
                delegate?.webSocket(self, didReceive: message)
            case .ping(let payload):
                delegate?.webSocket(self, didReceivePing: payload)
            case .pong(let payload):
                pongArrived(payload)
                delegate?.webSocket(self, didReceivePong: payload)
            case .closeReceived:
                break
            case .failed(let violation):
                configuration.logger?(.warning, "\(describe()) failed: \(violation.name) (\(violation.description))")
            }
        }
        if messages > 0 {
            metrics?.messagesReceived(messages)
            messageActivity &+= UInt64(messages)
        }
    }

    /// The state machine reached `Closed`: record the code and send what it queued (our close, or the reply).
    private func finish(_ closed: consuming Connection<Closed>) {
        isOpenState = false
        isClosingState = false
        guard !finished else { return }
        finished = true
        closeCode = closed.closeCode
        closeReason = closed.closeReason
        write(closed.takeOutboundBytes())
        keepaliveTimer?.cancel()
        pongDeadline?.cancel()
        idleTimer?.cancel()
        extensionIdleTimer?.cancel()
        if closed.shouldCloseTransportFirst {
            closeTimer?.cancel()
            closeTimer = nil
            pendingTransportClose = true
        } else {
            armCloseTimer()
        }
    }

    private var pendingTransportClose = false

    /// After the close handshake: the server (or a failed client) closes TCP once the close frame is flushed.
    private func closeTransportAfterHandshake() {
        if pendingTransportClose {
            pendingTransportClose = false
            stream.close()
            armCloseTimer()  // A peer that never reads cannot keep the socket: abort after closeTimeout.
        }
    }

    private func armCloseTimer() {
        closeTimer?.cancel()
        closeTimer = stream.scheduleTask(in: configuration.closeTimeout) { [weak self] in
            guard let self else { return }
            self.configuration.logger?(.info, "\(self.describe()) close timed out")
            self.abort()
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        metrics?.bytesSent(bytes.count)
        stream.write(bytes)
    }

    /// Hands what the state machine queued to the socket.
    private func flushOutbound() {
        let chunks: [[UInt8]]
        if isOpenState {
            guard (open?.outboundByteCount ?? 0) > 0 else { return }
            chunks = open?.takeOutbound() ?? []
        } else if isClosingState {
            guard (closing?.outboundByteCount ?? 0) > 0 else { return }
            chunks = closing?.takeOutbound() ?? []
        } else {
            return
        }
        for chunk in chunks { write(chunk) }
        if finished { closeTransportAfterHandshake() }
    }

    // MARK: Keepalive and idle

    private func startKeepaliveAndIdleTimers() {
        if let keepalive = configuration.keepalive {
            keepaliveTimer = stream.scheduleTask(in: keepalive.interval) { [weak self] in self?.sendKeepalive() }
        }
        if let idle = configuration.idleTimeout {
            lastActivity = .now
            idleTimer = stream.scheduleTask(in: idle) { [weak self] in self?.checkIdle() }
        }
        scheduleExtensionIdleCheck()
    }

    private func sendKeepalive() {
        guard let keepalive = configuration.keepalive, isOpenState else { return }
        pingCounter &+= 1
        let payload = withUnsafeBytes(of: pingCounter.bigEndian) { Array($0) }
        try? ping(payload)
        // One deadline at a time: it runs from the oldest unanswered ping, and any pong clears it (a pong answers
        // its ping and every earlier one, RFC 6455 §5.5.3). Re-arming it per ping would let a dead peer live forever.
        if pongDeadline == nil {
            pongDeadline = stream.scheduleTask(in: keepalive.timeout) { [weak self] in
                guard let self else { return }
                self.pongDeadline = nil
                self.configuration.logger?(.warning, "\(self.describe()) keepalive: no pong within \(keepalive.timeout)")
                self.metrics?.keepaliveTimedOut()
                self.close(code: .internalError, reason: "keepalive ping timeout")
            }
        }
        keepaliveTimer = stream.scheduleTask(in: keepalive.interval) { [weak self] in self?.sendKeepalive() }
    }

    private func pongArrived(_ payload: [UInt8]) {
        pongDeadline?.cancel()
        pongDeadline = nil
        if let index = pongWaiters.firstIndex(where: { $0.payload == payload }) {
            // A pong answers the ping with its payload and, per RFC 6455 §5.5.3, any earlier ones.
            let answered = pongWaiters[...index]
            pongWaiters.removeFirst(index + 1)
            for waiter in answered { waiter.done(true) }
        }
    }

    private func checkIdle() {
        guard let idle = configuration.idleTimeout, isOpenState else { return }
        let quiet = ContinuousClock.now - lastActivity
        if quiet >= idle {
            configuration.logger?(.info, "\(describe()) idle for \(quiet)")
            close(code: .goingAway, reason: "idle timeout")
        } else {
            idleTimer = stream.scheduleTask(in: idle - quiet) { [weak self] in self?.checkIdle() }
        }
    }

    private func cancelTimers() {
        for timer in [handshakeTimer, closeTimer, idleTimer, keepaliveTimer, pongDeadline, writeStallTimer, extensionIdleTimer] {
            timer?.cancel()
        }
    }

    // MARK: Write stall and extension idle memory

    /// Arms the write-stall deadline while the outbound buffer is above its high-water mark, cancels it below the
    /// low-water mark (`WS-WRITE-STALL`): a peer that reads nothing cannot hold our buffer (and its socket) forever.
    private func updateWriteStallTimer(isWritable: Bool) {
        if isWritable {
            writeStallTimer?.cancel()
            writeStallTimer = nil
            return
        }
        guard writeStallTimer == nil, let stall = configuration.writeStallTimeout else { return }
        writeStallTimer = stream.scheduleTask(in: stall) { [weak self] in
            guard let self else { return }
            self.writeStallTimer = nil
            self.configuration.logger?(
                .warning, "\(self.describe()) write stalled: \(self.stream.bufferedOutboundBytes) bytes unread for \(stall)")
            self.metrics?.writeStalled()
            self.abort()
        }
    }

    /// Every `extensionIdleMemoryRelease`, releases the negotiated extensions' idle memory when no message went
    /// either way since the last tick (`WS-EXTENSION-IDLE-TIMER`); once per quiet spell.
    private func scheduleExtensionIdleCheck() {
        guard let period = configuration.extensionIdleMemoryRelease, !extensionNames.isEmpty else { return }
        extensionIdleTimer = stream.scheduleTask(in: period) { [weak self] in self?.extensionIdleTick() }
    }

    /// One check of `scheduleExtensionIdleCheck` (internal so a test can drive it without waiting for time).
    func extensionIdleTick(rescheduling: Bool = true) {
        guard isOpenState else { return }
        if messageActivity != activityAtLastIdleTick {
            activityAtLastIdleTick = messageActivity
            extensionMemoryReleased = false
        } else if !extensionMemoryReleased {
            extensionMemoryReleased = open?.releaseIdleExtensionMemory() ?? false
            if extensionMemoryReleased { metrics?.extensionMemoryReleased() }
        }
        if rescheduling { scheduleExtensionIdleCheck() }
    }

    private func describe() -> String {
        "\(role == .server ? "server" : "client") \(stream.remoteAddress.map { "\($0)" } ?? "?")"
    }
}
