/// What a connection reports from the bytes it received.
public enum ConnectionEvent: Hashable, Sendable {
    /// A complete data message.
    case message(Message)
    /// A piece of a data message, in order, when messages are streamed (`MessageDelivery.streamed`); the last one
    /// has `isFinal`. Each is emitted as its payload arrives and validated (text: up to a code-point boundary).
    case messageChunk(MessageChunk)
    /// A ping arrived (a pong has been queued already when auto-pong is on).
    case ping([UInt8])
    /// A pong arrived.
    case pong([UInt8])
    /// The peer sent a close frame (code nil when the frame had no payload).
    case closeReceived(code: CloseCode?, reason: String)
    /// The peer violated the protocol; a close frame with `violation.closeCode` has been queued and no further
    /// input will be processed.
    case failed(ProtocolViolation)
}
