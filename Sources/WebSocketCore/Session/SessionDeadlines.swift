/// The instants at which a session must act, one per rule; the session's one timer fires at the earliest.
struct SessionDeadlines {
    /// The opening handshake must be complete by then.
    var handshake: SessionInstant?
    /// Closing: the peer's close must have arrived by then. Closed: the peer must have closed TCP (client) or read
    /// our close (server) by then.
    var close: SessionInstant?
    /// The next keepalive ping.
    var nextPing: SessionInstant?
    /// The oldest unanswered keepalive ping must be answered by then.
    var pong: SessionInstant?
    /// The next idle check (activity since moves the real deadline later; the check re-arms it).
    var idleCheck: SessionInstant?
    /// The outbound buffer must have drained below its low-water mark by then.
    var writeStall: SessionInstant?
    /// The next check for idle extension memory.
    var extensionIdle: SessionInstant?

    /// The earliest deadline, if any.
    var earliest: SessionInstant? {
        var result = handshake
        for candidate in [close, nextPing, pong, idleCheck, writeStall, extensionIdle] {
            if let candidate, result == nil || candidate < result! { result = candidate }
        }
        return result
    }

    /// Clears the deadlines of an open connection (the connection reached Closed).
    mutating func clearOpenDeadlines() {
        nextPing = nil
        pong = nil
        idleCheck = nil
        extensionIdle = nil
    }
}
