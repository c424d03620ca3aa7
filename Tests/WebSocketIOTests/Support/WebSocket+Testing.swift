import Testing
@testable import WebSocketIO

extension WebSocket {
    /// The next message, bounded by `limit`; throws when the sequence ended or the time passed.
    func nextMessage(within limit: Duration = stepLimit) async throws -> WebSocketMessage {
        let messages = self.messages
        let next = try await within(limit, "the next message") {
            var iterator = messages.makeAsyncIterator()
            return await iterator.next()
        }
        return try #require(next, "the message sequence ended")
    }

    /// Waits (bounded) for the end of the message sequence; returns the messages that were still buffered.
    func remainingMessages(within limit: Duration = stepLimit) async throws -> [WebSocketMessage] {
        let messages = self.messages
        return try await within(limit, "the end of the message sequence") {
            var all: [WebSocketMessage] = []
            for await message in messages { all.append(message) }
            return all
        }
    }

    /// `closed()`, bounded.
    func closeCode(within limit: Duration = stepLimit) async throws -> CloseCode {
        try await within(limit, "the connection to close") { await self.closed() }
    }

    /// Messages queued in the async bridge and not yet read.
    var queuedMessageCount: Int { bridge.state.withLock { $0.queue.count - $0.head } }
    var queuedMessageBytes: Int { bridge.state.withLock { $0.queuedBytes } }
}
