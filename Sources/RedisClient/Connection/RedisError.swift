import RESP
import Transport

/// Why a Redis operation or connection failed. Connection failures are also reported through
/// `RedisConnectionState.disconnected`, and the client retries after each (with back-off) until closed.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is malformed.
    case invalidURL(RedisURLError)
    /// `rediss://` without a `StreamSecurity`, or the TLS layer failed.
    case security(String)
    /// The host could not be resolved or reached (refused, timed out).
    case unreachable(TransportError)
    /// Redis refused the credentials: `-WRONGPASS`, `-ERR invalid password`, `-NOAUTH` (no or wrong password), or
    /// `AUTH` sent to a server without a password. Carries the server's message.
    case authenticationFailed(String)
    /// A handshake command other than `AUTH` failed (`SELECT` of a database that does not exist); the server's
    /// message.
    case handshakeFailed(command: String, message: String)
    /// The server closed the connection (possibly in the middle of a reply).
    case connectionClosed
    /// The connection failed after it was established (a reset, a failed read or write).
    case connectionFailed(TransportError)
    /// The server sent bytes that are not RESP (or exceed the parser's limits).
    case malformedReply(RESPError)
    /// The server sent a well-formed value where none was expected (a reply with no command waiting for it).
    case unexpectedReply(String)
    /// A health `PING` was not answered within `RedisConfiguration.pingTimeout`.
    case pingTimeout
    /// The command could not be sent: the connection is not ready (connecting, or waiting to reconnect).
    case notConnected
    /// The command would take the bytes awaiting replies beyond `RedisConfiguration.maximumPendingBytes`.
    case outboundBufferFull(limit: Int)
    /// Redis answered the command with an error (`-ERR …`, `!…`); the server's message.
    case errorReply(String)
    /// The client was closed.
    case closed

    /// Whether the error is a failed authentication.
    public var isAuthenticationFailure: Bool {
        if case .authenticationFailed = self { return true }
        return false
    }

    /// What went wrong.
    public var description: String {
        switch self {
        case .invalidURL(let error): "invalid Redis URL: \(error)"
        case .security(let reason): "TLS: \(reason)"
        case .unreachable(let error): "cannot reach Redis: \(error)"
        case .authenticationFailed(let message): "Redis refused the credentials: \(message)"
        case .handshakeFailed(let command, let message): "\(command) failed: \(message)"
        case .connectionClosed: "Redis closed the connection"
        case .connectionFailed(let error): "the connection to Redis failed: \(error)"
        case .malformedReply(let error): "malformed reply from Redis: \(error)"
        case .unexpectedReply(let value): "unexpected reply from Redis: \(value)"
        case .pingTimeout: "Redis did not answer PING in time"
        case .notConnected: "not connected to Redis"
        case .outboundBufferFull(let limit): "more than \(limit) bytes await replies from Redis"
        case .errorReply(let message): "Redis error: \(message)"
        case .closed: "the Redis client is closed"
        }
    }
}
