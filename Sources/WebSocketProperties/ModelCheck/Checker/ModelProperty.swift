/// The properties the model check of `WebSocketSession` pairs checks (`Spec/session.md`), each with its ID.
public enum ModelProperty: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Once the applications stop, delivering what is in flight and firing timers brings both sides to closed (or
    /// ended), each with its `closed` (or `handshakeFailed`) delivered.
    case closes = "WS-SESSION-MODEL-CLOSES"
    /// Until both sides are finished, the network always has something to do: a segment to deliver, a transport
    /// close to report, or a timer armed.
    case noDeadlock = "WS-SESSION-MODEL-NO-DEADLOCK"
    /// When a side received the peer's close frame, it is the one the peer sent.
    case codesAgree = "WS-SESSION-MODEL-CODES-AGREE"
    /// When every segment is delivered as soon as it is written and timers fire only when nothing is in flight (the
    /// completion), no close, keepalive or handshake timeout fires: the close finishes without waiting in vain.
    case prompt = "WS-SESSION-MODEL-PROMPT"
    /// `closed` (or `handshakeFailed`) is delivered at most once, and nothing after it.
    case closedLast = "WS-SESSION-MODEL-CLOSED-LAST"
    /// A closure is clean only when both close frames were exchanged.
    case cleanClose = "WS-SESSION-MODEL-CLEAN"
    /// A session that asked to close or drop its transport, or whose transport is gone, writes nothing more.
    case quietAfterClose = "WS-SESSION-MODEL-QUIET-AFTER-CLOSE"

    /// The requirement ID.
    public var id: String { rawValue }

    /// The ID.
    public var description: String { rawValue }
}
