/// An example frame sequence of RFC 6455 §5.7: the bytes on the wire, who sent them, the frames they decode to
/// and (for data frames) the message.
public struct FrameVector: Sendable, Hashable {
    /// The example's name.
    public var name: String
    /// The sender: a client's frames are masked, a server's are not; the peer decodes them.
    public var sender: Role
    /// The frames as sent.
    public var wire: [UInt8]
    /// The frames `wire` decodes to (payloads unmasked).
    public var frames: [Frame]
    /// The message the data frames make up, if the vector names one.
    public var message: Message?

    /// A vector with the given fields.
    public init(name: String, sender: Role, wire: [UInt8], frames: [Frame], message: Message?) {
        self.name = name
        self.sender = sender
        self.wire = wire
        self.frames = frames
        self.message = message
    }

    /// The role that receives (and decodes) the frames.
    public var receiver: Role { sender == .client ? .server : .client }
}
