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
    /// Server: the body of a plain HTTP request must be complete by then.
    var httpBody: SessionInstant?
    /// Server: a persistent HTTP connection must start its next request by then, or it is closed.
    var keepAlive: SessionInstant?

    /// The earliest deadline, if any.
    var earliest: SessionInstant? {
        // Written out (no array): this runs after every input.
        var result = handshake
        Self.keepEarlier(close, in: &result)
        Self.keepEarlier(nextPing, in: &result)
        Self.keepEarlier(pong, in: &result)
        Self.keepEarlier(idleCheck, in: &result)
        Self.keepEarlier(writeStall, in: &result)
        Self.keepEarlier(extensionIdle, in: &result)
        Self.keepEarlier(httpBody, in: &result)
        Self.keepEarlier(keepAlive, in: &result)
        return result
    }

    @inline(__always)
    private static func keepEarlier(_ candidate: SessionInstant?, in result: inout SessionInstant?) {
        guard let candidate else { return }
        if let current = result, current <= candidate { return }
        result = candidate
    }

    /// Clears the deadlines of an open connection (the connection reached Closed).
    mutating func clearOpenDeadlines() {
        nextPing = nil
        pong = nil
        idleCheck = nil
        extensionIdle = nil
    }
}
