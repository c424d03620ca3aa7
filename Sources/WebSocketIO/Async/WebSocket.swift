import Synchronization

/// A WebSocket connection with an async/await API, for either side.
///
/// Incoming messages are an `AsyncSequence` (`messages`) with a bounded buffer: when the application does not
/// consume, the connection stops reading from the socket, so a fast peer cannot grow memory. Sends wait while
/// the outbound buffer is above its high-water mark.
public final class WebSocket: Sendable {
    /// The loop-bound channel underneath (for the callback API and its details).
    public let channel: WebSocketChannel
    let bridge: AsyncBridge

    init(channel: WebSocketChannel, bridge: AsyncBridge) {
        self.channel = channel
        self.bridge = bridge
    }

    /// The incoming messages, in order; the sequence ends when the connection closes. With streamed delivery
    /// (`configuration.connection.messageDelivery = .streamed`) messages come through `messageStreams` instead and
    /// this sequence yields nothing.
    public var messages: Messages { Messages(bridge: bridge) }

    /// The subprotocol agreed in the handshake.
    public var subprotocol: String? { bridge.opened.withLock { $0.subprotocol } }

    /// The client's upgrade request (server side).
    public var request: UpgradeRequest? { bridge.opened.withLock { $0.request } }

    /// Sends a message, waiting while the outbound buffer is above its high-water mark.
    public func send(_ message: WebSocketMessage) async throws(WebSocketError) {
        try await bridge.perform(waitForWritable: true) { channel throws(WebSocketSendError) in
            try channel.send(message.coreMessage)
        }
    }

    /// Sends a text message.
    public func send(text: String) async throws(WebSocketError) { try await send(.text(text)) }

    /// Sends a binary message.
    public func send(binary: [UInt8]) async throws(WebSocketError) { try await send(.binary(binary)) }

    /// Sends a large message as a stream of fragments, one frame per element, waiting for writability between
    /// fragments. With permessage-deflate the fragments are compressed as one message (RSV1 on the first frame; a
    /// frame may carry less than its element while the compressor gathers input), so memory stays bounded by a
    /// fragment however long the message (`Spec/streaming.md`, `WS-STREAM-SEND-DEFLATE`).
    public func send<Fragments: AsyncSequence>(
        _ kind: Message.Kind, fragments: Fragments
    ) async throws(WebSocketError) where Fragments.Element == [UInt8] {
        var iterator = fragments.makeAsyncIterator()
        var current: [UInt8]?
        do {
            current = try await iterator.next()
        } catch {
            try await failFragmentSource()
        }
        var first = true
        while let fragment = current {
            let next: [UInt8]?
            do {
                next = try await iterator.next()
            } catch {
                // The message cannot be completed: sending its end would pass a truncated message off as whole.
                try await failFragmentSource()
            }
            let isFinal = next == nil
            let isFirst = first
            try await bridge.perform(waitForWritable: true) { channel throws(WebSocketSendError) in
                if isFirst {
                    try channel.beginFragmentedMessage(kind, fragment)
                    if isFinal { try channel.continueFragmentedMessage([], isFinal: true) }
                } else {
                    try channel.continueFragmentedMessage(fragment, isFinal: isFinal)
                }
            }
            first = false
            current = next
        }
    }

    /// A fragment source threw: the connection closes with 1011 (internal error) and the send fails.
    private func failFragmentSource() async throws(WebSocketError) -> Never {
        bridge.onLoop { try? $0.close(code: .internalError, reason: "message source failed") } orElse: {}
        throw .closed(.internalError)
    }

    /// Sends a ping and waits for its pong. Returns false when the connection closed before the pong arrived.
    public func ping(_ payload: [UInt8] = []) async throws(WebSocketError) -> Bool {
        let result: Result<Bool, WebSocketError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            bridge.onLoop { channel in
                do throws(WebSocketSendError) {
                    try channel.ping(payload) { answered in once.resume(.success(answered)) }
                } catch {
                    once.resume(.failure(AsyncBridge.translate(error, channel)))
                }
            } orElse: {
                once.resume(.failure(.closed(.abnormalClosure)))
            }
        }
        return try result.get()
    }

    /// Closes the connection with `code` and `reason` and waits until it is closed (or the close timeout passed).
    /// Returns the close code reported for the connection. A code that may not be sent (RFC 6455 §7.4) or a reason
    /// over 123 bytes throws `.usage` and closes nothing.
    @discardableResult
    public func close(code: CloseCode = .normalClosure, reason: String = "") async throws(WebSocketError) -> CloseCode {
        do { _ = try ClosePayload(code: code, reason: reason) } catch { throw .usage(error) }
        bridge.onLoop { try? $0.close(code: code, reason: reason) } orElse: {}
        return await closed()
    }

    /// Waits until the connection is closed; returns its close code (1006 when it ended without a close frame).
    public func closed() async -> CloseCode {
        await bridge.waitClosed().code
    }

    /// The close code and the peer's reason, once closed (nil before).
    public var closeInfo: (code: CloseCode, reason: String)? { bridge.state.withLock { $0.closedWith } }

    /// Drops the connection at once.
    public func abort() {
        bridge.onLoop { $0.abort() } orElse: {}
    }

    /// The incoming messages of a connection.
    public struct Messages: AsyncSequence, Sendable {
        let bridge: AsyncBridge

        /// An iterator over the messages.
        public func makeAsyncIterator() -> Iterator { Iterator(bridge: bridge) }

        /// Yields each message; nil once the connection is closed and every buffered message was read.
        public struct Iterator: AsyncIteratorProtocol {
            let bridge: AsyncBridge

            /// The next message.
            public mutating func next() async -> WebSocketMessage? { await bridge.nextMessage() }

            /// The next message (isolation-preserving variant).
            public mutating func next(isolation actor: isolated (any Actor)?) async -> WebSocketMessage? {
                await bridge.nextMessage()
            }
        }
    }
}
