/// The world of the model check: a client and a server `WebSocketSession` wired back to back through a model of
/// TCP, with one fake clock.
///
/// The network carries, in each direction, the segments the sender's `write` actions made (one per action), in
/// order. `closeTransport` sends a FIN behind the sender's queued bytes: the peer gets `endOfStream` once it
/// received them; a side whose FIN went out and who received the peer's FIN has its transport closed
/// (`transportClosed`, reported by a move). `abortTransport` resets the connection: every byte in flight is
/// dropped and both sides' transports are closed. Time moves only when a timer fires: the clock jumps to the
/// timer's instant (never backwards). The server's application accepts the upgrade when it is delivered, and
/// (optionally) echoes messages. Sessions cannot be copied, so a state is rebuilt by replaying its moves
/// (`replay`).
public final class SessionPair {
    /// The bounds and settings.
    public let configuration: ModelCheckConfiguration
    /// The fake clock.
    public private(set) var now = SessionInstant.origin
    /// The moves applied so far.
    public private(set) var moves: [ModelMove] = []
    /// Every safety violation seen so far (recorded as actions are performed).
    public private(set) var violations: [ModelViolation] = []
    /// What happened, one line per move and action, when made with `tracing`.
    public private(set) var log: [String]?

    let client: ModelEndpoint
    let server: ModelEndpoint
    /// The segments in flight towards the client and towards the server.
    private var inFlight: [[ModelSegment]] = [[], []]
    /// The connection was reset or the network died: nothing more is carried.
    private var connectionDown = false
    private var faultsUsed = 0
    private var messagesSent = 0
    private var pingsSent = 0

    /// The initial state: the client's request is queued, both handshake timeouts run.
    public init(factory: ModelSessionFactory, tracing: Bool = false) {
        self.configuration = factory.configuration
        self.log = tracing ? [] : nil
        client = ModelEndpoint(session: factory.makeClient(), side: .client)
        server = ModelEndpoint(session: factory.makeServer(), side: .server)
        for endpoint in [client, server] {
            endpoint.session.start(now: now)
            drain(endpoint)
        }
    }

    /// The state after `moves` from the initial state (moves that are not enabled are skipped, and logged).
    public static func replay(_ moves: [ModelMove], factory: ModelSessionFactory, tracing: Bool = false) -> SessionPair {
        let pair = SessionPair(factory: factory, tracing: tracing)
        for move in moves { pair.apply(move) }
        return pair
    }

    func endpoint(_ side: ModelSide) -> ModelEndpoint { side == .client ? client : server }

    /// The phase of a side's session.
    public func phase(_ side: ModelSide) -> SessionPhase { endpoint(side).session.phase }

    /// How a side's connection ended, once it did.
    public func closure(_ side: ModelSide) -> SessionClosure? { endpoint(side).session.closure }

    /// Both transports are gone and both sessions closed or ended.
    public var bothFinished: Bool { client.isFinished && server.isFinished }

    // MARK: Moves

    /// The moves enabled now, in a fixed order.
    public var enabledMoves: [ModelMove] {
        var moves = networkMoves
        for side in ModelSide.allCases {
            let endpoint = self.endpoint(side)
            guard endpoint.session.phase == .open, !endpoint.transportGone else { continue }
            if !endpoint.closeUsed { moves.append(.close(side)) }
            if messagesSent < configuration.messages { moves.append(.send(side)) }
            if pingsSent < configuration.pings { moves.append(.ping(side)) }
        }
        if faultsUsed < configuration.faults && !connectionDown {
            if !bothFinished { moves.append(.loss) }
            for side in ModelSide.allCases {
                let endpoint = self.endpoint(side)
                if !endpoint.peerEndpoint(in: self).sentFIN && !endpoint.transportGone { moves.append(.endOfStream(to: side)) }
            }
        }
        return moves
    }

    /// The moves that need no application and no fault: deliveries, transport closes, timers.
    public var networkMoves: [ModelMove] {
        var moves: [ModelMove] = []
        for side in ModelSide.allCases where canDeliver(to: side) { moves.append(.deliver(to: side)) }
        for side in ModelSide.allCases where self.endpoint(side).transportClosePending { moves.append(.transportClosed(side)) }
        for side in ModelSide.allCases {
            let endpoint = self.endpoint(side)
            if endpoint.timer != nil && !endpoint.transportGone { moves.append(.fireTimer(side)) }
        }
        return moves
    }

    /// True when `networkMoves` is not empty.
    var hasNetworkMove: Bool {
        for endpoint in [client, server] {
            if canDeliver(to: endpoint.side) || endpoint.transportClosePending { return true }
            if endpoint.timer != nil && !endpoint.transportGone { return true }
        }
        return false
    }

    private func canDeliver(to side: ModelSide) -> Bool {
        let endpoint = self.endpoint(side)
        return !inFlight[side.rawValue].isEmpty && !endpoint.readingPaused && !endpoint.transportGone
    }

    /// Applies `move` (ignored when not enabled) and performs every action it causes.
    public func apply(_ move: ModelMove) {
        guard enabledMoves.contains(move) else {
            log?.append("\(moves.count + 1). \(move.token): not enabled, skipped")
            return
        }
        applyEnabled(move)
    }

    /// Applies `move`, one of `enabledMoves` (the checker's moves are).
    func applyEnabled(_ move: ModelMove) {
        moves.append(move)
        log?.append("\(moves.count). \(move.token) (\(move)) at \(now)")
        switch move {
        case .deliver(let side):
            let endpoint = self.endpoint(side)
            let segment = inFlight[side.rawValue].removeFirst()
            switch segment {
            case .bytes(let bytes):
                endpoint.recordInput(0, now, bytes: bytes)
                bytes.withUnsafeBytes { endpoint.session.receive($0, now: now) }
            case .fin:
                endpoint.recordInput(1, now)
                endpoint.gotFIN = true
                endpoint.session.endOfStream(now: now)
            }
            drain(endpoint)
        case .transportClosed(let side):
            let endpoint = self.endpoint(side)
            endpoint.recordInput(2, now)
            endpoint.transportClosePending = false
            endpoint.transportGone = true
            inFlight[side.rawValue] = []
            endpoint.session.transportClosed(now: now)
            drain(endpoint)
        case .fireTimer(let side):
            let endpoint = self.endpoint(side)
            if let instant = endpoint.timer, instant > now {
                now = instant
                log?.append("   clock: \(now)")
            }
            endpoint.timer = nil
            endpoint.recordInput(3, now)
            endpoint.session.timerFired(now: now)
            drain(endpoint)
        case .close(let side):
            let endpoint = self.endpoint(side)
            endpoint.closeUsed = true
            endpoint.recordInput(4, now)
            let code = side == .client ? configuration.clientCloseCode : configuration.serverCloseCode
            do { try endpoint.session.close(code: code, reason: "", now: now) } catch {
                log?.append("   \(side): close threw \(error)")
            }
            drain(endpoint)
        case .send(let side):
            let endpoint = self.endpoint(side)
            messagesSent += 1
            endpoint.recordInput(5, now)
            try? endpoint.session.send(.text("m\(messagesSent)"))
            drain(endpoint)
        case .ping(let side):
            let endpoint = self.endpoint(side)
            pingsSent += 1
            endpoint.recordInput(6, now)
            _ = try? endpoint.session.ping([0x70, UInt8(truncatingIfNeeded: pingsSent)], tracked: true)
            drain(endpoint)
        case .loss:
            faultsUsed += 1
            connectionDown = true
        case .endOfStream(let side):
            faultsUsed += 1
            self.endpoint(side.peer).sentFIN = true
            inFlight[side.rawValue].append(.fin)
        }
        updateTransports()
        checkSafety()
    }

    /// Marks `transportClosed` due for a side whose connection is down or whose FINs were exchanged both ways.
    private func updateTransports() {
        if connectionDown { inFlight = [[], []] }
        for endpoint in [client, server] where !endpoint.transportGone && !endpoint.transportClosePending {
            if connectionDown || (endpoint.sentFIN && endpoint.gotFIN) {
                endpoint.transportClosePending = true
                log?.append("   \(endpoint.side): transportClosed is due")
            }
        }
    }

    // MARK: Actions

    /// Performs every action `endpoint`'s session has.
    private func drain(_ endpoint: ModelEndpoint) {
        while let action = endpoint.session.nextAction() { perform(action, endpoint) }
    }

    private func perform(_ action: SessionAction, _ endpoint: ModelEndpoint) {
        let side = endpoint.side
        switch action {
        case .write(let chunks):
            var bytes: [UInt8] = []
            for chunk in chunks { bytes += chunk }
            guard !bytes.isEmpty else { return }
            endpoint.bytesWritten += bytes.count
            if endpoint.closeRequested || endpoint.abortRequested || endpoint.transportGone {
                violate(.quietAfterClose, "the \(side) wrote \(bytes.count) bytes after it asked to close or drop its transport, or after it was gone")
            }
            if connectionDown || endpoint.sentFIN || endpoint.transportGone || self.endpoint(side.peer).transportGone {
                log?.append("   \(side): write \(bytes.count) bytes (lost)")
            } else {
                inFlight[side.peer.rawValue].append(.bytes(bytes))
                log?.append("   \(side): write \(bytes.count) bytes")
            }
        case .deliver(let event):
            log?.append("   \(side): deliver \(Self.describe(event))")
            deliver(event, endpoint)
        case .setTimer(let instant):
            endpoint.timer = instant
            log?.append("   \(side): setTimer \(instant.map { "\($0)" } ?? "nil")")
        case .pauseReading:
            endpoint.readingPaused = true
            log?.append("   \(side): pauseReading")
        case .resumeReading:
            endpoint.readingPaused = false
            log?.append("   \(side): resumeReading")
        case .closeTransport:
            log?.append("   \(side): closeTransport")
            if endpoint.abortRequested || endpoint.transportGone {
                violate(.quietAfterClose, "the \(side) asked to close a transport it had dropped or that was gone")
            }
            endpoint.closeRequested = true
            if !endpoint.sentFIN && !connectionDown && !endpoint.transportGone {
                endpoint.sentFIN = true
                inFlight[side.peer.rawValue].append(.fin)
            }
            updateTransports()
        case .abortTransport:
            log?.append("   \(side): abortTransport")
            endpoint.abortRequested = true
            if !endpoint.transportGone { connectionDown = true }
            updateTransports()
        }
    }

    private func deliver(_ event: SessionEvent, _ endpoint: ModelEndpoint) {
        let side = endpoint.side
        if endpoint.closedCount > 0 {
            violate(.closedLast, "the \(side) delivered \(Self.describe(event)) after closed")
        } else if endpoint.handshakeFailedCount > 0 {
            violate(.closedLast, "the \(side) delivered \(Self.describe(event)) after handshakeFailed")
        }
        switch event {
        case .upgradeRequested:
            do { try endpoint.session.accept(now: now) } catch { log?.append("   \(side): accept threw \(error)") }
        case .opened:
            endpoint.opened = true
        case .handshakeFailed(let failure):
            endpoint.handshakeFailedCount += 1
            if case .timedOut = failure { endpoint.timeouts += 1 }
            if endpoint.opened { violate(.closedLast, "the \(side) delivered handshakeFailed after opened") }
        case .closed:
            endpoint.closedCount += 1
            if !endpoint.opened { violate(.closedLast, "the \(side) delivered closed without opened") }
        case .message(let message):
            endpoint.eventCounts[0] += 1
            if side == .server && configuration.serverEchoes { try? endpoint.session.send(message) }
        case .ping: endpoint.eventCounts[1] += 1
        case .pong: endpoint.eventCounts[2] += 1
        case .pingsAnswered: endpoint.eventCounts[3] += 1
        case .notice(let notice):
            endpoint.eventCounts[4] += 1
            switch notice {
            case .closeTimedOut, .keepaliveTimedOut: endpoint.timeouts += 1
            default: break
            }
        case .httpRequest, .writabilityChanged: break
        }
    }

    // MARK: Properties

    private func violate(_ property: ModelProperty, _ message: String) {
        violations.append(ModelViolation(property: property, moves: moves, message: message))
        log?.append("   VIOLATION \(property): \(message)")
    }

    /// The properties checked in every state: codes agree, clean closes, no deadlock.
    private func checkSafety() {
        let clientClosure = client.session.closure
        let serverClosure = server.session.closure
        for (mine, theirs, side) in [(clientClosure, serverClosure, ModelSide.client), (serverClosure, clientClosure, .server)] {
            if let mine, mine.wasClean, mine.sent == nil || mine.received == nil {
                violate(.cleanClose, "the \(side)'s closure is clean but sent \(Self.describe(mine.sent)), received \(Self.describe(mine.received))")
            }
            if let received = mine?.received, let theirs, theirs.sent != received {
                violate(.codesAgree, "the \(side) received \(Self.describe(received)) but the \(side.peer) sent \(Self.describe(theirs.sent))")
            }
        }
        if !bothFinished && !hasNetworkMove {
            violate(.noDeadlock, "nothing in flight, no transport close due and no timer armed, but not finished: \(stateSummary)")
        }
    }

    /// The check of a state with no move left: both sides finished, each told how exactly once.
    func checkFinished() {
        for endpoint in [client, server] {
            let side = endpoint.side
            guard endpoint.isFinished else {
                violate(.closes, "the \(side) did not finish: \(stateSummary)")
                continue
            }
            let told = endpoint.opened ? endpoint.closedCount : endpoint.handshakeFailedCount
            if told != 1 || endpoint.closedCount + endpoint.handshakeFailedCount != 1 {
                violate(.closes, "the \(side) delivered closed \(endpoint.closedCount)×, handshakeFailed \(endpoint.handshakeFailedCount)× (opened: \(endpoint.opened))")
            }
        }
    }

    /// Timeouts fired on both sides so far.
    var timeoutsFired: Int { client.timeouts + server.timeouts }

    /// Records a violation found by the checker (the completion's).
    func recordViolation(_ property: ModelProperty, _ message: String) {
        violate(property, message)
    }

    /// The completion's next move: the client's application closes an open connection, the network delivers what
    /// is in flight, the server's application closes, then the earliest timer fires; nil when nothing is left.
    func completionMove() -> ModelMove? {
        if client.session.phase == .open && !client.closeUsed && !client.transportGone { return .close(.client) }
        for side in ModelSide.allCases where self.endpoint(side).transportClosePending { return .transportClosed(side) }
        for side in ModelSide.allCases where canDeliver(to: side) { return .deliver(to: side) }
        if server.session.phase == .open && !server.closeUsed && !server.transportGone { return .close(.server) }
        let timers = [client, server].filter { $0.timer != nil && !$0.transportGone }
        if let earliest = timers.min(by: { $0.timer! < $1.timer! }) { return .fireTimer(earliest.side) }
        return nil
    }

    // MARK: Fingerprints

    /// A hash of the state as seen from outside the sessions (phases, closures, timers relative to now, transport
    /// flags, delivered-event counts, bytes in flight, budgets): merges states that differ only in the absolute time
    /// or in the order of independent moves. A heuristic: hidden deadlines are not part of it.
    var observableFingerprint: Int {
        var hasher = Hasher()
        client.hashObservable(into: &hasher, now: now)
        server.hashObservable(into: &hasher, now: now)
        hashNetwork(into: &hasher)
        return hasher.finalize()
    }

    /// A hash of each side's inputs with their instants (which determine the session's state exactly), the clock
    /// and the network: merges only states whose futures are the same.
    var exactFingerprint: Int {
        var hasher = Hasher()
        hasher.combine(now)
        for endpoint in [client, server] {
            hasher.combine(endpoint.inputDigest)
            hasher.combine(endpoint.timer)
            hasher.combine(endpoint.readingPaused)
            hasher.combine(endpoint.sentFIN)
            hasher.combine(endpoint.gotFIN)
            hasher.combine(endpoint.transportClosePending)
            hasher.combine(endpoint.transportGone)
            hasher.combine(endpoint.closeUsed)
        }
        hashNetwork(into: &hasher)
        return hasher.finalize()
    }

    private func hashNetwork(into hasher: inout Hasher) {
        hasher.combine(inFlight)
        hasher.combine(connectionDown)
        hasher.combine(faultsUsed)
        hasher.combine(messagesSent)
        hasher.combine(pingsSent)
    }

    // MARK: Descriptions

    /// Both sides' phases, timers and transports, and the segments in flight.
    public var stateSummary: String {
        func side(_ endpoint: ModelEndpoint) -> String {
            var words = ["\(endpoint.side) \(endpoint.session.phase)"]
            if let timer = endpoint.timer { words.append("timer \(timer)") }
            if endpoint.readingPaused { words.append("reading paused") }
            if endpoint.sentFIN { words.append("FIN sent") }
            if endpoint.gotFIN { words.append("FIN received") }
            if endpoint.transportClosePending { words.append("transportClosed due") }
            if endpoint.transportGone { words.append("transport gone") }
            return words.joined(separator: ", ")
        }
        let flight = "in flight to client \(inFlight[0].count), to server \(inFlight[1].count)"
        return "\(side(client)); \(side(server)); \(flight)\(connectionDown ? ", connection down" : "") at \(now)"
    }

    static func describe(_ payload: ClosePayload?) -> String {
        guard let payload else { return "no close" }
        return "close \(payload.code.map { "\($0.rawValue)" } ?? "(no code)") \"\(payload.reason)\""
    }

    static func describe(_ event: SessionEvent) -> String {
        switch event {
        case .upgradeRequested: "upgradeRequested"
        case .httpRequest: "httpRequest"
        case .opened: "opened"
        case .handshakeFailed(let failure): "handshakeFailed(\(failure))"
        case .message(let message): "message(\(message.bytes.count) bytes)"
        case .ping(let payload): "ping(\(payload))"
        case .pong(let payload): "pong(\(payload))"
        case .pingsAnswered(let token): "pingsAnswered(through: \(token))"
        case .writabilityChanged(let writable): "writabilityChanged(\(writable))"
        case .notice(let notice): "notice(\(notice))"
        case .closed(let closure):
            "closed(\(closure.code.rawValue), clean: \(closure.wasClean), sent: \(describe(closure.sent)), received: \(describe(closure.received)))"
        }
    }
}

extension ModelEndpoint {
    /// The other side's endpoint in `pair`.
    func peerEndpoint(in pair: SessionPair) -> ModelEndpoint { pair.endpoint(side.peer) }
}
