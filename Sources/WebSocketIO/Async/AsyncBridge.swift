import Synchronization

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
        /// Streamed delivery: the chunks not yet read (their bytes count in `queuedBytes`), the waiting reader and
        /// what it waits for, and which message's chunks may be read (`AsyncBridge+Chunks`).
        var chunks = ChunkQueue()
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
        let (reader, waiters, chunkReader) = state.withLock { state in
            state.closedWith = (code, reason)
            defer { state.reader = nil; state.closeWaiters = []; state.chunks.reader = nil }
            return (state.reader, state.closeWaiters, state.chunks.reader)
        }
        reader?.resume(returning: nil)
        chunkReader?.continuation.resume(returning: .closed(code))
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

    /// Resumes reading on the loop, unless the queue filled up again meanwhile (the loop may have paused again
    /// before this runs, the rest of a read refilling the queue).
    func resumeReadingOnLoop() {
        onLoop { [self] channel in
            if !state.withLock({ $0.paused }) { channel.resumeReading() }
        } orElse: {}
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
