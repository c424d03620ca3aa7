/// How important a log line is.
public enum WebSocketLogLevel: Int, Sendable, Comparable, CustomStringConvertible {
    /// Per-frame detail.
    case debug
    /// Connection events: opened, closed, rejected.
    case info
    /// Something went wrong with one connection (a protocol violation, a timeout).
    case warning
    /// Something went wrong with the server itself.
    case error

    /// Orders levels by importance.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The level's name.
    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }
}
