/// The upper layer of a TCP connection (for example an application protocol). All methods are called on the
/// connection's event loop thread; the handler may call any `TCPConnection` method from them.
public protocol TCPConnectionHandler: AnyObject {
    /// The connection is established and registered; reading starts after this returns.
    func connectionActive(_ connection: TCPConnection)

    /// Bytes arrived. `bytes` points into the loop's shared read buffer and is valid only during this call: parse or
    /// copy it before returning.
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer)

    /// How many bytes the handler would take straight into its own storage on the next read, skipping the copy out
    /// of the loop's read buffer (a large message's payload, say); 0, the default, means read into the loop's buffer.
    /// Used when it is at least `TCPConnection.directReadThreshold`.
    func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int

    /// Reads into the handler's own storage: the handler calls `read` once, with a destination of at most the
    /// capacity it announced, and processes what `read` wrote (`read` returns the byte count, 0 at end of stream,
    /// or -1 with `errno` set, like `read(2)`; only a positive count means bytes were written). Only called after
    /// `connectionDirectReadCapacity` returned a capacity.
    func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int)

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
    /// No direct reads by default.
    public func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int { 0 }
    /// Never called when `connectionDirectReadCapacity` returns 0, as it does by default.
    public func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int) {}
    /// Does nothing by default.
    public func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {}
    /// Does nothing by default.
    public func connectionReadEOF(_ connection: TCPConnection) {}
    /// Does nothing by default.
    public func connectionClosed(_ connection: TCPConnection, error: TransportError?) {}
}
