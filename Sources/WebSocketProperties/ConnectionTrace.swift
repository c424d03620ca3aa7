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
        "\(events.count) events (last: \(events.last.map(String.init(describing:)) ?? "none")), "
            + "\(outbound.count) bytes out, close \(closeCode.map { String($0.rawValue) } ?? "open")"
    }

    /// Feeds `pieces` one by one to `connection` (no timers run), collecting what it delivers and writes after each.
    public static func run(_ pieces: [[UInt8]], on connection: consuming Connection<Open>) -> ConnectionTrace {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        configuration.extensionIdleMemoryRelease = nil
        var trace = ConnectionTrace()
        // The default timeouts are valid, so the session is always made.
        guard let session = try? WebSocketSession(open: connection, configuration: configuration, now: .origin) else {
            return trace
        }
        trace.collect(session)
        for piece in pieces where session.phase == .open || session.phase == .closing {
            piece.withUnsafeBytes { session.receive($0, now: .origin) }
            trace.collect(session)
        }
        if let closure = session.closure, session.phase == .closed {
            if trace.failure == nil, let received = closure.received {
                trace.events.append(.closeReceived(code: received.code, reason: received.reason))
            }
            trace.closeCode = closure.code
        }
        return trace
    }

    private mutating func collect(_ session: WebSocketSession) {
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
