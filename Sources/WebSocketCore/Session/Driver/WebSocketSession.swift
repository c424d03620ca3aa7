/// A WebSocket connection from the opening handshake to the close, sans IO: every protocol decision of a live
/// connection, as actions for whatever moves its bytes.
///
/// Inputs: the peer's bytes (`receive`), the end of its stream (`endOfStream`), the transport's end
/// (`transportClosed`), the transport's writability, the session's timer firing (`timerFired`), and the
/// application's calls (send, ping, close, accept, ...). Every input that can start or end a timeout carries the
/// current instant; the session never reads a clock. Outputs: `SessionAction`s, taken one at a time with
/// `nextAction()` until it returns nil: bytes to write, events to deliver, the one timer to arm, reading to pause or
/// resume, the transport to close or drop.
///
/// The rules it owns (`Spec/session.md`): the handshake timeout; keepalive pings and the pong deadline (a pong
/// answers all earlier pings); the idle timeout; the write-stall timeout; the close timeout, and who closes TCP
/// first (the server, or a client after a failure; a client waits for the server); input held back behind a close
/// or violation is processed as soon as the application saw the messages before it (no caller loop); prepared
/// frames never interleave with a fragmented send; a close code the application may not send is a typed error.
///
/// The connection's state is a case of a noncopyable enum that carries the typed `Connection<State>` of that
/// state, so what can be done next follows from the case. Not thread-safe: one owner (an event loop) calls it.
public final class WebSocketSession {
    /// Which side this is.
    public let role: Role
    /// The timeouts and the core's settings.
    public var configuration: SessionConfiguration { shared.value }
    private let shared: SharedSessionConfiguration
    /// The client's upgrade request (server side, once it arrived).
    public internal(set) var request: UpgradeRequest?
    /// The subprotocol agreed in the handshake.
    public internal(set) var subprotocol: String?
    /// The names of the negotiated extensions.
    public internal(set) var extensionNames: [String] = []
    /// How the connection ended, once it did (also delivered as `SessionEvent.closed`).
    public internal(set) var closure: SessionClosure?

    @exclusivity(unchecked) var state: SessionState?
    @exclusivity(unchecked) private var actions: [SessionAction] = []
    @exclusivity(unchecked) private var actionIndex = 0
    /// Bytes to write that no connection holds: the client's request, an HTTP answer, a handshake rejection.
    @exclusivity(unchecked) private var pendingWrites: [[UInt8]] = []
    /// The connection's events not yet handed out (from `eventIndex` on).
    @exclusivity(unchecked) private var events: [ConnectionEvent] = []
    @exclusivity(unchecked) private var eventIndex = 0
    @exclusivity(unchecked) var deadlines = SessionDeadlines()
    @exclusivity(unchecked) private var armedTimer: SessionInstant?
    @exclusivity(unchecked) var now: SessionInstant
    @exclusivity(unchecked) var lastActivity: SessionInstant
    @exclusivity(unchecked) var pings = PingLedger()
    @exclusivity(unchecked) var keepaliveCounter: UInt64 = 0
    /// Prepared frames sent during a fragmented send, written right after its final fragment.
    @exclusivity(unchecked) var heldPrepared: [PreparedFrame] = []
    @exclusivity(unchecked) private var closeTransportPending = false
    @exclusivity(unchecked) private var closedDelivered = false
    @exclusivity(unchecked) var pausedByApplication = false
    @exclusivity(unchecked) var pausedForWritability = false
    @exclusivity(unchecked) private var readingPaused = false
    /// Data messages received or sent so far (wrapping): the extension idle check compares it between ticks.
    @exclusivity(unchecked) var messageActivity: UInt64 = 0
    @exclusivity(unchecked) var activityAtLastIdleTick: UInt64 = 0
    @exclusivity(unchecked) var extensionMemoryReleased = false
    /// Server: the template of the reader for the next request on a persistent HTTP connection (shared by a
    /// server's sessions).
    @exclusivity(unchecked) var freshRequestReader: SharedRequestReader?
    /// Server: plain HTTP requests answered on this connection.
    @exclusivity(unchecked) var httpRequestsServed = 0

    private init(role: Role, state: consuming SessionState, configuration: SharedSessionConfiguration, now: SessionInstant) {
        self.role = role
        self.state = consume state
        self.shared = configuration
        self.now = now
        self.lastActivity = now
    }

    /// A server session that reads the upgrade request with `reader` (made once for the server from
    /// `configuration.connection` and the extension factories, and copied for each connection).
    /// Throws `ConfigurationError` for invalid timeouts or limits.
    public convenience init(
        server reader: ServerHandshakeReader, configuration: SessionConfiguration = .init(), now: SessionInstant
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.init(
            server: SharedRequestReader(reader), validatedConfiguration: SharedSessionConfiguration(configuration), now: now)
    }

    /// A client session that performs `handshake` (whose request it writes first).
    /// Throws `ConfigurationError` for invalid timeouts or limits.
    public convenience init(
        client handshake: ClientHandshakeDriver, configuration: SessionConfiguration = .init(), now: SessionInstant
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.init(client: handshake, validatedConfiguration: SharedSessionConfiguration(configuration), now: now)
    }

    /// A server session for a caller that validated `configuration` already (a server, once when it starts).
    package convenience init(
        server reader: SharedRequestReader, validatedConfiguration configuration: SharedSessionConfiguration, now: SessionInstant
    ) {
        self.init(
            role: .server, state: .readingRequest(HandshakeBox(reader.reader)), configuration: configuration, now: now)
        freshRequestReader = reader
    }

    /// A client session for a caller that validated `configuration` already.
    package convenience init(
        client handshake: ClientHandshakeDriver, validatedConfiguration configuration: SharedSessionConfiguration,
        now: SessionInstant
    ) {
        self.init(
            role: .client, state: .readingResponse(HandshakeBox(handshake)), configuration: configuration, now: now)
        pendingWrites.append(handshake.requestBytes)
    }

    /// A session for a connection whose handshake was done elsewhere (another HTTP stack, a test): open from the
    /// start. Throws `ConfigurationError` for invalid timeouts.
    public convenience init(
        open connection: consuming Connection<Open>, configuration: SessionConfiguration = .init(), now: SessionInstant
    ) throws(ConfigurationError) {
        try configuration.validate()
        let role = connection.role
        self.init(role: role, state: .ended, configuration: SharedSessionConfiguration(configuration), now: now)
        becomeOpen(connection)
    }

    /// Starts the handshake timeout (call when the transport is connected). A session made open does nothing.
    public func start(now: SessionInstant) {
        self.now = now
        if phase == .handshaking { deadlines.handshake = now + configuration.handshakeTimeout }
    }

    // MARK: State

    /// Where the session is.
    public var phase: SessionPhase {
        switch state {
        case .readingRequest?: .handshaking
        case .upgradePending?: .handshaking
        case .readingBody?: .handshaking
        case .httpPending?: .handshaking
        case .readingResponse?: .handshaking
        case .open?: .open
        case .closing?: .closing
        case .closed?: .closed
        case .ended?: .ended
        case nil: .ended
        }
    }

    /// The protocol machine of the connection in any state that has one (for queued output and queries).
    var machine: ProtocolMachine? {
        switch state {
        case .open(let connection)?: connection.machine
        case .closing(let connection)?: connection.machine
        case .closed(let connection)?: connection.machine
        case .upgradePending(let connection)?: connection.machine
        default: nil
        }
    }

    /// The protocol machine while the connection is open (sending data is legal only then).
    var openMachine: ProtocolMachine? {
        switch state {
        case .open(let connection)?: connection.machine
        default: nil
        }
    }

    /// What the connection carried so far, or since the last `takeTraffic()` (zero until it opened; kept after it
    /// closed).
    public var traffic: ConnectionTraffic { machine?.traffic ?? ConnectionTraffic() }

    /// The counts of `traffic`, reset to zero: a reporter adds them to its totals after each pass and needs no copy
    /// of its own per connection.
    public func takeTraffic() -> ConnectionTraffic { machine?.takeTraffic() ?? ConnectionTraffic() }

    /// True while a data message is being sent as fragments (prepared frames wait for its end).
    public var isSendingFragmentedMessage: Bool { openMachine?.isSendingFragmented ?? false }

    /// Bytes waiting in the session (not yet handed out by a `write` action).
    public var pendingOutboundBytes: Int {
        pendingWrites.reduce(0) { $0 + $1.count } + (machine?.outbound.count ?? 0)
    }

    /// Removes and returns the bytes waiting to be written now, ahead of the `write` action that would hand them
    /// out (for a caller that must not let a burst of sends pile up while it performs other actions). Order is kept:
    /// later bytes come in later writes.
    public func takeWrites() -> [[UInt8]] {
        let outbound = machine.map { $0.outbound.count > 0 ? $0.outbound.takeChunks() : [] } ?? []
        // Usually nothing is pending: the machine's chunks are handed out as they are, not copied into a new array.
        guard !pendingWrites.isEmpty else { return outbound }
        var chunks = pendingWrites
        pendingWrites = []
        chunks += outbound
        return chunks
    }

    // MARK: Actions

    /// The next thing to do, or nil when there is nothing until the next input. Call it until it returns nil after
    /// every input; calls the application makes meanwhile are taken into account.
    public func nextAction() -> SessionAction? {
        while true {
            if (pausedByApplication || pausedForWritability) && !readingPaused {
                // Back-pressure applies at once, before anything else is delivered.
                readingPaused = true
                return .pauseReading
            }
            if actionIndex < actions.count {
                let action = actions.withUnsafeMutableBufferPointer { buffer in
                    Self.moveOut(buffer.baseAddress! + actionIndex, leaving: .resumeReading)
                }
                actionIndex += 1
                if actionIndex == actions.count {
                    actions.removeAll(keepingCapacity: true)
                    actionIndex = 0
                }
                return action
            }
            if eventIndex < events.count, let action = takeEvent() {
                return action
            }
            if !pendingWrites.isEmpty {
                let chunks = pendingWrites
                pendingWrites = []
                return .write(chunks)
            }
            if let machine, machine.outbound.count > 0 {
                return .write(machine.outbound.takeChunks())
            }
            if hasHeldInput {
                // The application has seen the messages before a close or violation (or the bytes that came with
                // the handshake are due): process it now.
                receive(UnsafeRawBufferPointer(start: nil, count: 0), now: now)
                continue
            }
            if closeTransportPending {
                closeTransportPending = false
                return .closeTransport
            }
            let next = deadlines.earliest
            if next != armedTimer {
                armedTimer = next
                return .setTimer(next)
            }
            let pause = shouldPauseReading
            if pause != readingPaused {
                readingPaused = pause
                return pause ? .pauseReading : .resumeReading
            }
            return nil
        }
    }

    func enqueue(_ action: SessionAction) {
        actions.append(action)
    }

    func deliver(_ event: SessionEvent) {
        actions.append(.deliver(event))
    }

    /// True when the open connection holds input to process: a close or violation held back behind messages the
    /// application has not seen yet, or bytes that arrived with the handshake.
    private var hasHeldInput: Bool {
        switch state {
        case .open(let connection)?: connection.hasBufferedInput
        default: false
        }
    }

    private var shouldPauseReading: Bool {
        switch state {
        case .upgradePending?: true
        case .httpPending?: true
        default: pausedByApplication || pausedForWritability
        }
    }

    func requestTransportClose() {
        closeTransportPending = true
    }

    func discardPendingWrites() {
        pendingWrites = []
        closeTransportPending = false
    }

    func write(_ bytes: [UInt8]) {
        if !bytes.isEmpty { pendingWrites.append(bytes) }
    }

    // MARK: Receiving

    /// Bytes from the peer.
    public func receive(_ bytes: UnsafeRawBufferPointer, now: SessionInstant) {
        self.now = now
        lastActivity = now
        guard let current = state.take() else { return }
        switch consume current {
        case .readingRequest(let reader):
            if deadlines.keepAlive != nil && bytes.count > 0 {
                // The next request on a persistent HTTP connection has started: the handshake timeout runs again.
                deadlines.keepAlive = nil
                deadlines.handshake = now + configuration.handshakeTimeout
            }
            let step = reader.value.receive(bytes)
            state = .readingRequest(reader)
            requestRead(step, reader: reader.value)
        case .readingBody(let reader):
            let step = Result { () throws(HTTPRequestError) in try reader.value.receive(bytes) }
            bodyRead(step, reader: reader)
        case .readingResponse(let driver):
            let step = driver.value.receive(bytes)
            state = .readingResponse(driver)
            responseRead(step)
        case .open(let connection):
            switch connection.receive(bytes, into: &events) {
            case .open(let still): state = .open(still)
            case .closed(let closed): finish(closed)
            }
        case .closing(let connection):
            switch connection.receive(bytes, into: &events) {
            case .closing(let still): state = .closing(still)
            case .closed(let closed): finish(closed)
            }
        case .upgradePending(let pending):
            // Reading is paused while the application decides; a read already under way is kept for the
            // connection, within the handshake size limit.
            let kept = pending.machine.pendingInput.count + bytes.count
            if kept <= configuration.connection.limits.maximumHandshakeSize {
                pending.machine.pendingInput.append(contentsOf: bytes)
                state = .upgradePending(pending)
            } else {
                state = .upgradePending(pending)
                abortTransport()
            }
        case .httpPending(var exchange):
            // Reading is paused while the application answers; a read already under way is kept for the next
            // request, within the same bound as a request's head and body.
            exchange.remaining.append(contentsOf: bytes)
            let limit = configuration.connection.limits.maximumHandshakeSize + configuration.http.maximumBodySize
            let overLimit = exchange.remaining.count > limit
            state = .httpPending(exchange)
            if overLimit { abortTransport() }
        case .closed(let closed):
            state = .closed(closed)  // Nothing is processed after the close.
        case .ended:
            state = .ended
        }
    }

    /// The open connection's payload can go straight from the transport into message storage: how many bytes
    /// `receiveDirect` takes now (0 when input must go through `receive`).
    public var directReceiveCapacity: Int {
        guard actions.isEmpty, eventIndex == events.count, let machine = openMachine else { return 0 }
        return machine.directReceiveCapacity
    }

    /// Reads the peer's next bytes straight into the message being received (see
    /// `Connection.receiveDirect(into:_:)`); `read` returns how many it wrote (0 or less: nothing changes).
    public func receiveDirect(now: SessionInstant, _ read: (UnsafeMutableRawBufferPointer) -> Int) {
        guard directReceiveCapacity > 0, let current = state.take() else { return }
        switch consume current {
        case .open(let connection):
            self.now = now
            lastActivity = now
            switch connection.receiveDirect(into: &events, read) {
            case .open(let still): state = .open(still)
            case .closed(let closed): finish(closed)
            }
        case let other:
            state = consume other
        }
    }

    /// The connection's next event as an action (nil for an event the application does not see), moved out of
    /// `events` without copying it: a message's bytes are handed over, not retained and released on the way.
    private func takeEvent() -> SessionAction? {
        let event = events.withUnsafeMutableBufferPointer { buffer in
            Self.moveOut(buffer.baseAddress! + eventIndex, leaving: .pong([]))
        }
        eventIndex += 1
        if eventIndex == events.count {
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
        }
        switch consume event {
        case .message(let message):
            messageActivity &+= 1
            return .deliver(.message(message))
        case .messageChunk(let chunk):
            if chunk.isFinal { messageActivity &+= 1 }
            return .deliver(.messageChunk(chunk))
        case .ping(let payload):
            return .deliver(.ping(payload))
        case .pong(let payload):
            pongArrived(payload)
            return .deliver(.pong(payload))
        case .closeReceived:
            return nil  // Reported with the closure.
        case .failed(let violation):
            return .deliver(.notice(.protocolViolation(violation)))
        }
    }

    /// Moves the value at `slot` out, leaving `placeholder` (a value that owns no memory) in its place.
    @inline(__always)
    private static func moveOut<T>(_ slot: UnsafeMutablePointer<T>, leaving placeholder: T) -> T {
        let value = slot.move()
        slot.initialize(to: placeholder)
        return value
    }

    /// The connection reached Closed: record how, stop the open connection's timers, and close the transport the
    /// way RFC 6455 §7.1.1 says (the server, or a client after a failure, closes TCP once its close is flushed; a
    /// client otherwise waits for the server), within `closeTimeout`.
    func finish(_ closed: consuming Connection<Closed>) {
        record(closed)
        deadlines.clearOpenDeadlines()
        heldPrepared = []
        if closed.shouldCloseTransportFirst { requestTransportClose() }
        deadlines.close = now + configuration.closeTimeout
        state = .closed(closed)
    }

    func record(_ closed: borrowing Connection<Closed>) {
        guard closure == nil else { return }
        closure = SessionClosure(
            code: closed.closeCode, reason: closed.closeReason, wasClean: closed.wasClean,
            sent: closed.closeSent, received: closed.closeReceived)
    }

    // MARK: Transport

    /// The peer ended its side of the stream. An open or closing connection ends abnormally (1006); the
    /// transport closes.
    public func endOfStream(now: SessionInstant) {
        self.now = now
        guard let current = state.take() else { return }
        switch consume current {
        case .open(let connection):
            let closed = connection.abort()
            record(closed)
            state = .closed(closed)
        case .closing(let connection):
            let closed = connection.abort()
            record(closed)
            state = .closed(closed)
        case let other:
            state = consume other
        }
        deadlines.clearOpenDeadlines()
        requestTransportClose()
    }

    /// The transport is gone. Delivers the handshake's failure, or the closure of a session that opened (once).
    public func transportClosed(now: SessionInstant) {
        self.now = now
        if let current = state.take() {
            switch consume current {
            case .open(let connection):
                let closed = connection.abort()
                record(closed)
                state = .closed(closed)
            case .closing(let connection):
                let closed = connection.abort()
                record(closed)
                state = .closed(closed)
            case .closed(let closed):
                state = .closed(closed)
            case .ended:
                state = .ended
            case .readingRequest:
                state = .ended
                deliver(.handshakeFailed(.transportClosed))
            case .upgradePending:
                state = .ended
                deliver(.handshakeFailed(.transportClosed))
            case .httpPending:
                state = .ended
                deliver(.handshakeFailed(.transportClosed))
            case .readingBody:
                state = .ended
                deliver(.handshakeFailed(.transportClosed))
            case .readingResponse:
                state = .ended
                deliver(.handshakeFailed(.transportClosed))
            }
        }
        deadlines = SessionDeadlines()
        discardPendingWrites()
        heldPrepared = []
        if let closure, !closedDelivered {
            closedDelivered = true
            deliver(.closed(closure))
        }
    }

    /// The transport's outbound buffer crossed its high-water mark (false) or drained below its low-water mark
    /// (true). While it is full, reading pauses (a peer that sends but never reads cannot make this side buffer
    /// replies without bound) and the write-stall deadline runs; the change is delivered to the application
    /// (`SessionEvent.writabilityChanged`) after the pause.
    public func writabilityChanged(isWritable: Bool, now: SessionInstant) {
        self.now = now
        pausedForWritability = !isWritable
        deliver(.writabilityChanged(isWritable))
        if isWritable {
            deadlines.writeStall = nil
        } else if deadlines.writeStall == nil, let stall = configuration.writeStallTimeout, phase != .ended {
            deadlines.writeStall = now + stall
        }
    }

    /// Drops the transport now (a timeout, a misbehaving peer, or the application's `abort`): an open or closing
    /// connection ends abnormally (1006).
    func abortTransport() {
        if let current = state.take() {
            switch consume current {
            case .open(let connection):
                let closed = connection.abort()
                record(closed)
                state = .closed(closed)
            case .closing(let connection):
                let closed = connection.abort()
                record(closed)
                state = .closed(closed)
            case .closed(let closed):
                _ = closed.takeOutbound()
                state = .closed(closed)
            case .upgradePending(let pending):
                _ = pending.abort()
                state = .ended
            case .readingRequest:
                state = .ended
            case .httpPending:
                state = .ended
            case .readingBody:
                state = .ended
            case .readingResponse:
                state = .ended
            case .ended:
                state = .ended
            }
        }
        deadlines = SessionDeadlines()
        discardPendingWrites()
        heldPrepared = []
        enqueue(.abortTransport)
    }
}
