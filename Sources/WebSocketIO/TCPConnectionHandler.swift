/// The upper layer of a TCP connection (for example the WebSocket protocol). All methods are called on the
/// connection's event loop thread; the handler may call any `TCPConnection` method from them.
public protocol TCPConnectionHandler: AnyObject {
    /// The connection is established and registered; reading starts after this returns.
    func connectionActive(_ connection: TCPConnection)

    /// Bytes arrived. `bytes` points into the loop's shared read buffer and is valid only during this call: parse or
    /// copy it before returning.
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer)

    /// Buffered outbound bytes crossed the high-water mark (`isWritable == false`) or fell back to the low-water
    /// mark (`isWritable == true`).
    func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool)

    /// The peer closed its sending side (end of stream). Unless `TCPConnectionOptions.allowHalfClosure` is set, the
    /// connection then closes gracefully by itself.
    func connectionReadEOF(_ connection: TCPConnection)

    /// The connection is closed and its descriptor released; called exactly once, at the end of a loop iteration.
    /// `error` is `nil` after `close()`/`abort()`, otherwise the failure that ended the connection.
    func connectionClosed(_ connection: TCPConnection, error: TransportError?)
}

extension TCPConnectionHandler {
    /// Does nothing by default.
    public func connectionActive(_ connection: TCPConnection) {}
    /// Does nothing by default.
    public func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {}
    /// Does nothing by default.
    public func connectionReadEOF(_ connection: TCPConnection) {}
    /// Does nothing by default.
    public func connectionClosed(_ connection: TCPConnection, error: TransportError?) {}
}
