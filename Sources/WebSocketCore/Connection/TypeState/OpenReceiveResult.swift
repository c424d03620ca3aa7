/// What `receive` returns on an open connection.
public enum OpenReceiveResult: ~Copyable {
    /// The connection is still open.
    case open(Connection<Open>)
    /// The connection closed: the peer's close arrived (and the reply is queued) or the peer broke the protocol
    /// (and the close frame for the violation is queued).
    case closed(Connection<Closed>)
}
