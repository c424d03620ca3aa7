import WebSocketCore

/// Drives a `WebSocketSession` with a fake clock and performs its actions into a log: no socket, no sleep.
final class SessionHarness {
    let session: WebSocketSession
    /// The fake clock.
    private(set) var now: SessionInstant
    /// Every byte the session asked to write, in order.
    var written: [UInt8] = []
    /// Every event delivered, in order.
    var delivered: [SessionEvent] = []
    /// Every action performed, in order (for checks of order and of `setTimer` counts).
    var performed: [SessionAction] = []
    /// The armed timer.
    private(set) var timer: SessionInstant?
    private(set) var readingPaused = false
    private(set) var closeRequested = false
    private(set) var aborted = false
    /// Called for each delivered event, as an application would be (it may call back into the session).
    var onEvent: ((SessionEvent, SessionHarness) -> Void)?

    init(_ session: WebSocketSession, now: SessionInstant = .origin) {
        self.session = session
        self.now = now
        drain()
    }

    /// An open server session (handshake done elsewhere).
    static func openServer(_ configuration: SessionConfiguration = .init(), extensions: [any WebSocketExtension] = []) throws -> SessionHarness {
        let connection = try Connection.established(role: .server, configuration: configuration.connection, extensions: extensions)
        return SessionHarness(try WebSocketSession(open: connection, configuration: configuration, now: .origin))
    }

    /// An open client session (handshake done elsewhere), masking with a fixed key.
    static func openClient(_ configuration: SessionConfiguration = .init()) throws -> SessionHarness {
        let connection = try Connection.established(
            role: .client, configuration: configuration.connection, keySource: FixedMaskingKeySource())
        return SessionHarness(try WebSocketSession(open: connection, configuration: configuration, now: .origin))
    }

    /// Performs every action the session has.
    func drain() {
        while let action = session.nextAction() { perform(action) }
    }

    private func perform(_ action: SessionAction) {
        performed.append(action)
        switch action {
        case .write(let chunks): for chunk in chunks { written += chunk }
        case .deliver(let event):
            delivered.append(event)
            onEvent?(event, self)
        case .setTimer(let instant): timer = instant
        case .pauseReading: readingPaused = true
        case .resumeReading: readingPaused = false
        case .closeTransport: closeRequested = true
        case .abortTransport: aborted = true
        }
    }

    /// The peer's bytes arrive now.
    func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { session.receive($0, now: now) }
        drain()
    }

    /// Moves the fake clock forward by `duration`, firing the session's timer at each instant it was armed for.
    func advance(by duration: Duration) {
        let target = now + duration
        while let due = timer, due <= target {
            timer = nil
            now = max(now, due)
            session.timerFired(now: now)
            drain()
        }
        now = target
    }

    /// Runs `body` (an application call) with the current instant, then performs what it caused.
    func call(_ body: (WebSocketSession, SessionInstant) throws -> Void) rethrows {
        try body(session, now)
        drain()
    }

    /// The bytes written since the last call, removed.
    func takeWritten() -> [UInt8] {
        defer { written = [] }
        return written
    }

    /// The frames written since the last call (decoded as the peer would), removed.
    func takeFrames() throws -> [Frame] {
        try decodeFrames(takeWritten(), sentBy: session.role)
    }

    /// The events delivered since the last call, removed.
    func takeDelivered() -> [SessionEvent] {
        defer { delivered = [] }
        return delivered
    }

    /// The notices among the delivered events.
    var notices: [SessionNotice] {
        delivered.compactMap { if case .notice(let notice) = $0 { notice } else { nil } }
    }

    /// The closures delivered.
    var closures: [SessionClosure] {
        delivered.compactMap { if case .closed(let closure) = $0 { closure } else { nil } }
    }
}

/// Masking keys that are always the same (for comparable bytes).
struct FixedMaskingKeySource: MaskingKeySource {
    func nextKey() -> MaskingKey { MaskingKey(1, 2, 3, 4) }
}
