import WebSocketCore

/// What an open connection did with a byte stream, driven through a `WebSocketSession` (which processes input held
/// back behind a close by itself): the events it delivered, every byte it wrote, and how it ended. Shared by the
/// properties, `ws fuzz` and the libFuzzer targets.
public struct ConnectionTrace: Equatable, Sendable, CustomStringConvertible {
    /// Messages, pings and pongs in delivery order, then `.closeReceived` (the peer's close) or `.failed` (its
    /// violation) if the connection ended so.
    public var events: [ConnectionEvent] = []
    /// Every byte written, in order.
    public var outbound: [UInt8] = []
    /// The close code reported, once closed.
    public var closeCode: CloseCode?
    /// The peer's violation that failed the connection, if any.
    public var failure: ProtocolViolation?

    /// An empty trace.
    public init() {}

    /// Whether the connection closed.
    public var isClosed: Bool { closeCode != nil }

    /// A summary for failure messages.
    public var description: String {
        "\(events.count) events (last: \(Self.brief(events.last))), "
            + "\(outbound.count) bytes out, close \(closeCode.map { String($0.rawValue) } ?? "open")"
    }

    /// An event for a failure message: a message by its kind and size (not its bytes), anything else cut short.
    static func brief(_ event: ConnectionEvent?) -> String {
        guard let event else { return "none" }
        if case .message(let message) = event { return "\(message.kind) message of \(message.bytes.count) bytes" }
        return String(String(describing: event).prefix(200))
    }

    /// Feeds `pieces` one by one to `connection` (no timers run), collecting what it delivers and writes after each.
    public static func run(_ pieces: [[UInt8]], on connection: consuming Connection<Open>) -> ConnectionTrace {
        var trace = ConnectionTrace()
        guard let session = session(for: connection) else { return trace }
        trace.collect(session)
        for piece in pieces where session.isReceiving {
            piece.withUnsafeBytes { session.receive($0, now: .origin) }
            trace.collect(session)
        }
        trace.finish(session)
        return trace
    }

    /// A session around `connection` with no timers (the default timeouts are valid, so it is always made).
    static func session(for connection: consuming Connection<Open>) -> WebSocketSession? {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        configuration.extensionIdleMemoryRelease = nil
        return try? WebSocketSession(open: connection, configuration: configuration, now: .origin)
    }

    /// Records how the session ended, once the input is used up.
    mutating func finish(_ session: WebSocketSession) {
        if let closure = session.closure, session.phase == .closed {
            if failure == nil, let received = closure.received {
                events.append(.closeReceived(code: received.code, reason: received.reason))
            }
            closeCode = closure.code
        }
    }

    mutating func collect(_ session: WebSocketSession) {
        while let action = session.nextAction() {
            switch consume action {
            case .write(let chunks): for chunk in chunks { outbound += chunk }
            case .deliver(.message(let message)): events.append(.message(message))
            case .deliver(.ping(let payload)): events.append(.ping(payload))
            case .deliver(.pong(let payload)): events.append(.pong(payload))
            case .deliver(.notice(.protocolViolation(let violation))):
                failure = violation
                events.append(.failed(violation))
            default: break
            }
        }
    }
}

extension WebSocketSession {
    /// Whether input is still processed (open, or closing while the peer's close is awaited).
    var isReceiving: Bool { phase == .open || phase == .closing }
}
