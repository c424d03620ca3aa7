/// How a connection hands incoming data messages to the application (`ConnectionConfiguration.messageDelivery`).
public enum MessageDelivery: Sendable, Hashable {
    /// Each message whole, once its last frame arrived (`ConnectionEvent.message`). The default.
    case whole
    /// Each message as a sequence of chunks of at most `maximumChunkSize` bytes (`ConnectionEvent.messageChunk`),
    /// emitted as its payload arrives, so the memory a message costs is bounded by the chunk size rather than by
    /// the message size (`Spec/streaming.md`, `WS-STREAM-BOUNDED`). `Limits.maximumMessageSize` still bounds the
    /// whole message.
    case streamed(maximumChunkSize: Int)

    /// The chunk size `streamed` uses by default: 256 KiB.
    public static let defaultChunkSize = 256 << 10

    /// Streamed delivery with the default chunk size.
    public static var streamed: MessageDelivery { .streamed(maximumChunkSize: defaultChunkSize) }

    /// The smallest chunk size accepted: a chunk of text must have room for a whole code point.
    public static let minimumChunkSize = 16

    /// Checks the chunk size is at least `minimumChunkSize`.
    public func validate() throws(ConfigurationError) {
        if case .streamed(let size) = self, size < Self.minimumChunkSize {
            throw ConfigurationError("messageDelivery", "maximumChunkSize must be at least \(Self.minimumChunkSize)")
        }
    }
}
