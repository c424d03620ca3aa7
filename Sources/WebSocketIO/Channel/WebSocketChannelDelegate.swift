/// Receives a WebSocket connection's events on its event loop thread: the fast, callback API (the async API,
/// `WebSocket`, is built on it). Every method may call back into the channel (send, close) directly.
public protocol WebSocketChannelDelegate: AnyObject {
    /// The opening handshake completed.
    func webSocketDidOpen(_ channel: WebSocketChannel)
    /// A complete data message arrived.
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message)
    /// A piece of a data message, in order, when the configuration streams messages
    /// (`WebSocketConfiguration.connection.messageDelivery = .streamed`): `chunk.isFinal` marks the message's last piece. Each
    /// chunk is validated (text ends on a code-point boundary). Call `channel.pauseReading()` to stop the flow while
    /// the chunk is being handled elsewhere and `resumeReading()` to let it go on: paused, the channel buffers
    /// nothing more.
    func webSocket(_ channel: WebSocketChannel, didReceive chunk: MessageChunk)
    /// A ping arrived (already answered when auto-pong is on).
    func webSocket(_ channel: WebSocketChannel, didReceivePing payload: [UInt8])
    /// A pong arrived.
    func webSocket(_ channel: WebSocketChannel, didReceivePong payload: [UInt8])
    /// Buffered outbound bytes crossed the high-water mark (false) or drained below the low-water mark (true).
    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool)
    /// The connection is closed (TCP included). `code` is the peer's close code, 1005 when its close had none,
    /// the violation's code when the peer broke the protocol, or 1006 when the connection ended without a close.
    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String)
}

extension WebSocketChannelDelegate {
    /// Does nothing by default.
    public func webSocketDidOpen(_ channel: WebSocketChannel) {}
    /// Does nothing by default (only called when messages are streamed).
    public func webSocket(_ channel: WebSocketChannel, didReceive chunk: MessageChunk) {}
    /// Does nothing by default.
    public func webSocket(_ channel: WebSocketChannel, didReceivePing payload: [UInt8]) {}
    /// Does nothing by default.
    public func webSocket(_ channel: WebSocketChannel, didReceivePong payload: [UInt8]) {}
    /// Does nothing by default.
    public func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {}
    /// Does nothing by default.
    public func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {}
}

/// Why a send on a channel did nothing (the core's `SessionSendError`).
public typealias WebSocketSendError = SessionSendError
