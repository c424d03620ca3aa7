/// A message encoded once as a server frame, to be sent to many connections without re-encoding
/// (`WebSocketChannel.send(prepared:)`, `BroadcastHub`).
public struct PreparedMessage: Sendable, Hashable {
    /// The message.
    public let message: Message
    /// The frame as it goes on the wire from a server: header and unmasked payload.
    public let frameBytes: [UInt8]

    /// Encodes `message` as a single unmasked frame.
    public init(_ message: Message) {
        self.message = message
        var out = OutboundBytes()
        out.appendFrame(FrameHeader(opcode: message.kind.opcode, payloadLength: UInt64(message.bytes.count)), payload: message.bytes)
        self.frameBytes = out.takeAll()
    }
}
