/// Per-connection settings.
public struct TCPConnectionOptions: Sendable {
    /// When buffered outbound bytes exceed this, the connection becomes not writable.
    public var writeBufferHighWaterMark: Int
    /// When buffered outbound bytes drop to this or below, a not-writable connection becomes writable again.
    public var writeBufferLowWaterMark: Int
    /// Keep the connection open after the peer's end of stream (so the application can still send); otherwise it
    /// closes gracefully after `connectionReadEOF`.
    public var allowHalfClosure: Bool
    /// Writes of at most this many bytes are copied into the connection's contiguous output buffer instead of being
    /// queued as their own iovec.
    public var copyThreshold: Int

    /// Creates options; the defaults are 64 KiB / 32 KiB water marks, no half closure, 1 KiB copy threshold.
    public init(
        writeBufferHighWaterMark: Int = 64 * 1024, writeBufferLowWaterMark: Int = 32 * 1024,
        allowHalfClosure: Bool = false, copyThreshold: Int = 1024
    ) {
        self.writeBufferHighWaterMark = max(1, writeBufferHighWaterMark)
        self.writeBufferLowWaterMark = min(max(0, writeBufferLowWaterMark), self.writeBufferHighWaterMark)
        self.allowHalfClosure = allowHalfClosure
        self.copyThreshold = copyThreshold
    }
}
