/// What `receive` returns on a closing connection.
public enum ClosingReceiveResult: ~Copyable {
    /// The peer's close has not arrived yet.
    case closing(Connection<Closing>)
    /// The peer's close arrived, or the peer broke the protocol.
    case closed(Connection<Closed>)
}
