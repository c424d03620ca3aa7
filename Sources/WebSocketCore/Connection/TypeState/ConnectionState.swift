/// A phantom type naming the state of a `Connection`. The state decides, at compile time, which operations exist.
public protocol ConnectionState {}

/// The server has read a valid upgrade request and must `accept` or `reject` it.
public enum Pending: ConnectionState {}
/// The opening handshake is complete: both sides may send data.
public enum Open: ConnectionState {}
/// This side has sent its close frame and waits for the peer's; it may not send anything else.
public enum Closing: ConnectionState {}
/// The close handshake is over (or the connection failed): nothing can be sent or received.
public enum Closed: ConnectionState {}
