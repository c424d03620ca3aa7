extension WebSocket {
    /// The incoming messages as streams, in order, when the configuration streams messages
    /// (`configuration.connection.messageDelivery = .streamed`); the sequence ends when the connection closes.
    ///
    /// Ordering: a message's chunks must be read before the next message is asked for; asking earlier abandons
    /// the current message and discards the rest of it (`WebSocketMessageStream`). Chunks wait in the same
    /// bounded queue as whole messages (`inboundQueueByteLimit` counts their bytes, `inboundMessageQueueLimit`
    /// counts chunks): a consumer slower than the peer pauses reading from the socket, so memory stays bounded
    /// however large the message. With streamed delivery `messages` yields nothing; with whole messages
    /// (the default) this sequence yields nothing.
    public var messageStreams: MessageStreams { MessageStreams(bridge: bridge) }

    /// The incoming messages of a connection, as streams.
    public struct MessageStreams: AsyncSequence, Sendable {
        let bridge: AsyncBridge

        /// An iterator over the message streams.
        public func makeAsyncIterator() -> Iterator { Iterator(bridge: bridge) }

        /// Yields each message's stream; nil once the connection is closed and every buffered chunk was read, or
        /// when the calling task is cancelled.
        public struct Iterator: AsyncIteratorProtocol {
            let bridge: AsyncBridge

            /// The next message (abandoning the previous one if its chunks were not all read).
            public mutating func next() async -> WebSocketMessageStream? {
                await next(isolation: nil)
            }

            /// The next message (isolation-preserving variant).
            public mutating func next(isolation actor: isolated (any Actor)?) async -> WebSocketMessageStream? {
                switch await bridge.nextChunk(.messageStart) {
                case .chunk(let first, let index): WebSocketMessageStream(bridge: bridge, index: index, first: first)
                case .abandoned, .closed, .cancelled: nil
                }
            }
        }
    }
}
