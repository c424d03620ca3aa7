/// A frame-level example of RFC 7692 §7.2.3: frames a server sends to a client with permessage-deflate (window 15,
/// context takeover), and the messages the client must decode from them.
public struct PerMessageDeflateVector: Sendable, Hashable {
    /// The example's name.
    public var name: String
    /// Each frame's bytes (unmasked, server to client), in order.
    public var frames: [[UInt8]]
    /// The messages they decode to, in order.
    public var messages: [Message]

    /// A vector with the given fields.
    public init(name: String, frames: [[UInt8]], messages: [Message]) {
        self.name = name
        self.frames = frames
        self.messages = messages
    }

    /// All the frames, back to back.
    public var wire: [UInt8] { frames.flatMap { $0 } }
}
