/// A data message encoded once as a server's frame (unmasked, no extension), for sending to many connections
/// without encoding it again (a broadcast). `WebSocketSession.send(prepared:)` writes the bytes as they are.
public struct PreparedFrame: Sendable, Hashable {
    /// The message.
    public let message: Message
    /// The frame as it goes on the wire from a server: header and unmasked payload.
    public let bytes: [UInt8]

    /// Encodes `message` as a single unmasked frame.
    public init(_ message: Message) {
        self.message = message
        var out = OutboundBytes()
        out.appendFrame(FrameHeader(opcode: message.kind.opcode, payloadLength: UInt64(message.bytes.count)), payload: message.bytes)
        self.bytes = out.takeAll()
    }
}
