/// A point in monotonic time as the caller of a `WebSocketSession` measures it: the time since an origin the caller
/// chose (when its clock started, or zero for a test's fake clock). The session never reads a clock: every input
/// that can start or end a timeout carries the current instant, and the session answers with the instant its
/// next timer must fire (`SessionAction.setTimer`).
public struct SessionInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The time since the caller's origin.
    public var sinceOrigin: Duration

    /// The instant `sinceOrigin` after the caller's origin.
    public init(_ sinceOrigin: Duration) {
        self.sinceOrigin = sinceOrigin
    }

    /// The caller's origin.
    public static let origin = SessionInstant(.zero)

    /// The instant `duration` later.
    public static func + (instant: SessionInstant, duration: Duration) -> SessionInstant {
        SessionInstant(instant.sinceOrigin + duration)
    }

    /// The time from `rhs` to `lhs`.
    public static func - (lhs: SessionInstant, rhs: SessionInstant) -> Duration {
        lhs.sinceOrigin - rhs.sinceOrigin
    }

    /// Earlier instants order first.
    public static func < (lhs: SessionInstant, rhs: SessionInstant) -> Bool {
        lhs.sinceOrigin < rhs.sinceOrigin
    }

    /// The time since the origin, for logs.
    public var description: String { "t+\(sinceOrigin)" }
}
