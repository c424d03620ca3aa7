/// A piece of an incoming data message, delivered in order when `ConnectionConfiguration.messageDelivery` is
/// `.streamed` (`ConnectionEvent.messageChunk`). The chunks of one message concatenate to its payload; each one
/// of a text message is valid UTF-8 on its own (it ends on a code-point boundary), so it converts to a `String`
/// safely. Chunks of one message are never interleaved with those of another.
public struct MessageChunk: Hashable, Sendable {
    /// Text or binary: the kind of the message this chunk belongs to.
    public var kind: Message.Kind
    /// The chunk's bytes (decoded by the negotiated extensions; may be empty, e.g. the final chunk).
    public var bytes: [UInt8]
    /// True for the message's first chunk.
    public var isFirst: Bool
    /// True for the message's last chunk: the message is complete and fully validated.
    public var isFinal: Bool

    /// A chunk of the given kind and bytes.
    public init(kind: Message.Kind, bytes: [UInt8], isFirst: Bool, isFinal: Bool) {
        self.kind = kind
        self.bytes = bytes
        self.isFirst = isFirst
        self.isFinal = isFinal
    }

    /// The chunk's text (nil for binary).
    public var text: String? { kind == .text ? String(decoding: bytes, as: UTF8.self) : nil }
}
