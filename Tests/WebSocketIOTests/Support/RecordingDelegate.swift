import Testing
@testable import WebSocketIO

/// What a `RecordingDelegate` saw.
struct ChannelEvents: Sendable {
    var channel: WebSocketChannel?
    var opened = false
    var openedAt: ContinuousClock.Instant?
    var messages: [Message] = []
    var pings: [[UInt8]] = []
    var pingTimes: [ContinuousClock.Instant] = []
    var pongs: [[UInt8]] = []
    var writability: [Bool] = []
    var closeCode: CloseCode?
    var closeReason: String?
    var offLoopCallbacks = 0
    var isClosed: Bool { closeCode != nil }
}

/// A delegate that records every event (and optionally echoes or reacts to opening).
final class RecordingDelegate: WebSocketChannelDelegate, Sendable {
    let events = Watch(ChannelEvents())
    let echo: Bool
    let onOpen: (@Sendable (WebSocketChannel) -> Void)?

    init(echo: Bool = false, onOpen: (@Sendable (WebSocketChannel) -> Void)? = nil) {
        self.echo = echo
        self.onOpen = onOpen
    }

    private func check(_ channel: WebSocketChannel) {
        if !channel.eventLoop.inEventLoop { events.update { $0.offLoopCallbacks += 1 } }
    }

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        check(channel)
        let now = ContinuousClock.now
        events.update {
            $0.channel = channel
            $0.opened = true
            $0.openedAt = now
        }
        onOpen?(channel)
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        check(channel)
        events.update { $0.messages.append(message) }
        if echo { try? channel.send(message) }
    }

    func webSocket(_ channel: WebSocketChannel, didReceivePing payload: [UInt8]) {
        check(channel)
        let now = ContinuousClock.now
        events.update {
            $0.pings.append(payload)
            $0.pingTimes.append(now)
        }
    }

    func webSocket(_ channel: WebSocketChannel, didReceivePong payload: [UInt8]) {
        check(channel)
        events.update { $0.pongs.append(payload) }
    }

    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {
        check(channel)
        events.update { $0.writability.append(isWritable) }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        check(channel)
        events.update {
            $0.channel = $0.channel ?? channel
            $0.closeCode = code
            $0.closeReason = reason
        }
    }

    /// Waits (bounded) until the channel closed; returns the events.
    @discardableResult
    func waitClosed(within limit: Duration = stepLimit) async throws -> ChannelEvents {
        try await events.wait("the channel to close", within: limit) { $0.isClosed }
    }

    /// The channel, once open.
    func channel(within limit: Duration = stepLimit) async throws -> WebSocketChannel {
        try #require(try await events.wait("the channel to open", within: limit) { $0.channel != nil }.channel)
    }
}
