/// What a connection closing in stages keeps (`WS-IO-LINGERING-CLOSE`): made by `close()` before the peer's end of
/// stream, so an open connection pays one optional reference for it.
final class TCPLinger {
    /// Bytes read and dropped since `close()`, bounded by `TCPConnection.lingerDiscardLimit`.
    var discarded = 0
    /// The timer that ends the wait for the peer's end of stream after `TCPConnection.lingerTimeout`.
    var timer: TimerEntry?
}
