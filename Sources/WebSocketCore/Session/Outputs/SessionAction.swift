/// What a `WebSocketSession` asks of whatever moves its bytes (a socket, a test), one at a time from
/// `nextAction()`. Perform them in order; the application's calls made while performing one (a send in answer to
/// a delivered message) are taken into account by the actions that follow.
public enum SessionAction {
    /// Write these bytes to the peer, in order (chunks for one vectored write).
    case write([[UInt8]])
    /// Hand an event to the application.
    case deliver(SessionEvent)
    /// Arm the session's one timer to fire at this instant, replacing any armed one; nil cancels it. When it fires,
    /// call `timerFired(now:)`.
    case setTimer(SessionInstant?)
    /// Stop reading from the peer (the application asked to, the outbound buffer is full, or an upgrade decision
    /// is pending).
    case pauseReading
    /// Read from the peer again.
    case resumeReading
    /// Close the transport once everything written before is flushed (a graceful TCP close). The session keeps
    /// a deadline for the peer to go away, and asks for `abortTransport` when it passes.
    case closeTransport
    /// Drop the transport now, discarding what was not written.
    case abortTransport
}
