/// A message encoded once as a server frame, to be sent to many connections without re-encoding
/// (`WebSocketChannel.send(prepared:)`, `BroadcastHub`).
public struct PreparedMessage: Sendable, Hashable {
    /// The encoded frame (the core's `PreparedFrame`).
    public let frame: PreparedFrame

    /// Encodes `message` as a single unmasked frame.
    public init(_ message: Message) {
        self.frame = PreparedFrame(message)
    }

    /// The message.
    public var message: Message { frame.message }
    /// The frame as it goes on the wire from a server: header and unmasked payload.
    public var frameBytes: [UInt8] { frame.bytes }
}
