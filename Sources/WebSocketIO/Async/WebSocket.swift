import Synchronization

/// A message as the async API delivers it: text as `String`, binary as bytes.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])

    init(_ message: Message) {
        switch message.kind {
        case .text: self = .text(String(decoding: message.bytes, as: UTF8.self))
        case .binary: self = .binary(message.bytes)
        }
    }

    /// The payload's size in bytes (UTF-8 for text).
    var payloadCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        }
    }

    var coreMessage: Message {
        switch self {
        case .text(let string): .text(string)
        case .binary(let bytes): .binary(bytes)
        }
    }
}

/// Why an async WebSocket operation failed.
public enum WebSocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection is closed (or closing): nothing more can be sent.
    case closed(CloseCode)
    /// The call was invalid (fragment sequencing, a ping payload over 125 bytes).
    case usage(UsageError)

    /// What went wrong.
    public var description: String {
        switch self {
        case .closed(let code): "the connection is closed (\(code))"
        case .usage(let error): error.description
        }
    }
}

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

    /// The incoming messages, in order; the sequence ends when the connection closes.
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
    /// fragments.
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

/// The delegate behind `WebSocket`: queues messages for the async reader and pauses the socket when the queue is
/// full (by count or by bytes); wakes senders waiting for writability.
final class AsyncBridge: WebSocketChannelDelegate, @unchecked Sendable {
    /// When the queue counts as full: `messages` queued, or `bytes` of queued message payload (`WS-ASYNC-QUEUE-BYTES`).
    struct QueueLimit: Sendable {
        var messages: Int
        var bytes: Int

        init(messages: Int, bytes: Int) {
            self.messages = messages
            self.bytes = bytes
        }

        init(_ configuration: WebSocketConfiguration) {
            self.init(messages: configuration.inboundMessageQueueLimit, bytes: configuration.inboundQueueByteLimit)
        }

        /// Full: reading pauses.
        func isFull(messages count: Int, bytes size: Int) -> Bool { count >= messages || size >= bytes }
        /// Drained enough to read again: at most half of each limit.
        func allowsResume(messages count: Int, bytes size: Int) -> Bool { count <= messages / 2 && size <= bytes / 2 }
    }

    struct State {
        var queue: [WebSocketMessage] = []
        var head = 0
        /// Payload bytes of the messages in `queue[head...]`.
        var queuedBytes = 0
        var reader: CheckedContinuation<WebSocketMessage?, Never>?
        /// Which `nextMessage` call `reader` belongs to (so a cancelled call takes back only its own).
        var readerID = 0
        var nextReaderID = 0
        var closedWith: (code: CloseCode, reason: String)?
        var closeWaiters: [CheckedContinuation<(code: CloseCode, reason: String), Never>] = []
        var paused = false
    }

    let limit: QueueLimit
    let state = Mutex(State())
    let opened = Mutex<(subprotocol: String?, request: UpgradeRequest?)>((nil, nil))
    /// Set once, before the bridge is shared; read on any thread afterwards.
    nonisolated(unsafe) var channel: WebSocketChannel?
    /// Senders waiting for writability (loop thread only).
    private var writableWaiters: [() -> Void] = []
    /// Runs once the connection is open (the server starts the application's handler here, so the handler sees
    /// the subprotocol and request). Set before the bridge is shared; loop thread afterwards.
    var onOpen: (() -> Void)?

    init(limit: QueueLimit) {
        self.limit = limit
    }

    // MARK: Delegate (loop thread)

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        if self.channel == nil { self.channel = channel }
        opened.withLock { $0 = (channel.subprotocol, channel.request) }
        if let start = onOpen {
            onOpen = nil
            start()
        }
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        let converted = WebSocketMessage(message)
        let (reader, pause) = state.withLock { state -> (CheckedContinuation<WebSocketMessage?, Never>?, Bool) in
            if let reader = state.reader {
                state.reader = nil
                return (reader, false)
            }
            state.queue.append(converted)
            state.queuedBytes += message.bytes.count
            let full = !state.paused && limit.isFull(messages: state.queue.count - state.head, bytes: state.queuedBytes)
            if full { state.paused = true }
            return (nil, full)
        }
        if let reader { reader.resume(returning: converted) }
        if pause { channel.pauseReading() }
    }

    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {
        guard isWritable else { return }
        let waiters = writableWaiters
        writableWaiters = []
        for waiter in waiters { waiter() }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        let (reader, waiters) = state.withLock { state in
            state.closedWith = (code, reason)
            defer { state.reader = nil; state.closeWaiters = [] }
            return (state.reader, state.closeWaiters)
        }
        reader?.resume(returning: nil)
        for waiter in waiters { waiter.resume(returning: (code, reason)) }
        let senders = writableWaiters
        writableWaiters = []
        for sender in senders { sender() }
    }

    // MARK: Async side

    /// The next message; nil once the connection is closed and drained, or when the calling task is cancelled
    /// (the connection stays open and later messages are kept for the next call).
    func nextMessage() async -> WebSocketMessage? {
        let id = state.withLock { state -> Int in
            state.nextReaderID += 1
            return state.nextReaderID
        }
        return await withTaskCancellationHandler {
            await waitForMessage(id: id)
        } onCancel: {
            let reader = state.withLock { state -> CheckedContinuation<WebSocketMessage?, Never>? in
                guard state.readerID == id, let reader = state.reader else { return nil }
                state.reader = nil
                return reader
            }
            reader?.resume(returning: nil)
        }
    }

    private func waitForMessage(id: Int) async -> WebSocketMessage? {
        await withCheckedContinuation { (continuation: CheckedContinuation<WebSocketMessage?, Never>) in
            enum Outcome { case message(WebSocketMessage, resumeReading: Bool), end, waiting }
            let outcome = state.withLock { state -> Outcome in
                if state.head < state.queue.count {
                    let message = state.queue[state.head]
                    state.head += 1
                    state.queuedBytes -= message.payloadCount
                    if state.head > 64 && state.head * 2 > state.queue.count {
                        state.queue.removeFirst(state.head)
                        state.head = 0
                    }
                    let resume = state.paused
                        && limit.allowsResume(messages: state.queue.count - state.head, bytes: state.queuedBytes)
                    if resume { state.paused = false }
                    return .message(message, resumeReading: resume)
                }
                if state.closedWith != nil || Task.isCancelled { return .end }
                state.reader = continuation
                state.readerID = id
                return .waiting
            }
            switch outcome {
            case .message(let message, let resumeReading):
                if resumeReading {
                    // The loop may have paused again before this runs (the rest of a read refilled the queue):
                    // resume only if the queue still wants it.
                    onLoop { [self] channel in
                        if !state.withLock({ $0.paused }) { channel.resumeReading() }
                    } orElse: {}
                }
                continuation.resume(returning: message)
            case .end:
                continuation.resume(returning: nil)
            case .waiting:
                break
            }
        }
    }

    func waitClosed() async -> (code: CloseCode, reason: String) {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> (code: CloseCode, reason: String)? in
                if let closed = state.closedWith { return closed }
                state.closeWaiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Runs `body` on the channel's loop (or `fallback` if the loop is gone).
    func onLoop(_ body: @escaping @Sendable (WebSocketChannel) -> Void, orElse fallback: @escaping @Sendable () -> Void) {
        guard let channel else { return fallback() }
        channel.eventLoop.execute { body(channel) }
    }

    /// Runs a send on the loop, first waiting for writability when asked.
    func perform(
        waitForWritable: Bool, _ body: @escaping @Sendable (WebSocketChannel) throws(WebSocketSendError) -> Void
    ) async throws(WebSocketError) {
        let result: Result<Void, WebSocketError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            onLoop { [self] channel in
                let attempt: @Sendable () -> Void = {
                    do throws(WebSocketSendError) {
                        try body(channel)
                        once.resume(.success(()))
                    } catch {
                        once.resume(.failure(Self.translate(error, channel)))
                    }
                }
                if waitForWritable && !channel.isWritable && channel.isOpen {
                    writableWaiters.append(attempt)
                } else {
                    attempt()
                }
            } orElse: {
                once.resume(.failure(.closed(.abnormalClosure)))
            }
        }
        try result.get()
    }

    static func translate(_ error: WebSocketSendError, _ channel: WebSocketChannel) -> WebSocketError {
        switch error {
        case .notOpen: .closed(channel.closeCode ?? .abnormalClosure)
        case .usage(let usage): .usage(usage)
        }
    }
}
