/// An incoming message delivered as it arrives (`WebSocket.messageStreams`): its kind, known from its first
/// frame, and its payload as an async sequence of byte chunks.
///
/// Each chunk is validated before it is delivered; a chunk of a text message ends on a code-point boundary, so
/// `String(decoding: chunk, as: UTF8.self)` is exact. Read the chunks once, in one task, before asking
/// `messageStreams` for the next message: asking for the next message abandons this one, whose remaining chunks
/// are discarded (its iterator then throws `WebSocketError.messageAbandoned`). A chunk sequence that ends without
/// throwing delivered the whole message; when the connection closes first, it throws `.closed(code)`.
public struct WebSocketMessageStream: Sendable {
    /// Text or binary.
    public let kind: Message.Kind
    let bridge: AsyncBridge
    let index: Int
    let first: MessageChunk

    init(bridge: AsyncBridge, index: Int, first: MessageChunk) {
        self.kind = first.kind
        self.bridge = bridge
        self.index = index
        self.first = first
    }

    /// The message's payload, in chunks of at most the configured `maximumChunkSize` bytes (empty chunks are
    /// skipped). Iterate it once.
    public var chunks: Chunks { Chunks(stream: self) }

    /// Reads the rest of the message into one array (for a message known to be small; the whole message is then
    /// held in memory).
    public func collect() async throws(WebSocketError) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = chunks.makeAsyncIterator()
        while let chunk = try await iterator.next() { bytes += chunk }
        return bytes
    }

    /// A message's chunks.
    public struct Chunks: AsyncSequence, Sendable {
        /// A chunk of payload.
        public typealias Element = [UInt8]
        /// Why the message could not be read to its end.
        public typealias Failure = WebSocketError
        let stream: WebSocketMessageStream

        /// An iterator over the chunks.
        public func makeAsyncIterator() -> Iterator { Iterator(stream: stream, pending: stream.first) }

        /// Yields each chunk; nil after the message's last chunk.
        public struct Iterator: AsyncIteratorProtocol {
            let stream: WebSocketMessageStream
            var pending: MessageChunk?
            var finished = false

            /// The next chunk, nil after the last. Throws `.closed(code)` when the connection closed before the
            /// message ended, `.messageAbandoned` after the next message was asked for, `.cancelled` when the
            /// task was cancelled.
            public mutating func next() async throws(WebSocketError) -> [UInt8]? {
                try await next(isolation: nil)
            }

            /// The next chunk (isolation-preserving variant).
            public mutating func next(isolation actor: isolated (any Actor)?) async throws(WebSocketError) -> [UInt8]? {
                while !finished {
                    let chunk: MessageChunk
                    if let first = pending {
                        pending = nil
                        chunk = first
                    } else {
                        switch await stream.bridge.nextChunk(.continuing(index: stream.index)) {
                        case .chunk(let next, _): chunk = next
                        case .abandoned: throw .messageAbandoned
                        case .closed(let code): throw .closed(code)
                        case .cancelled: throw .cancelled
                        }
                    }
                    if chunk.isFinal { finished = true }
                    if !chunk.bytes.isEmpty { return chunk.bytes }
                }
                return nil
            }
        }
    }
}
