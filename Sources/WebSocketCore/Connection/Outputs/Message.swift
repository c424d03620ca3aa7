/// A complete data message received from or sent to the peer.
public struct Message: Hashable, Sendable {
    /// Whether the message is text or binary.
    public enum Kind: Hashable, Sendable {
        /// A text message: the payload is valid UTF-8.
        case text
        /// A binary message.
        case binary

        /// The opcode of a message's first frame.
        public var opcode: Opcode { self == .text ? .text : .binary }
    }

    /// Text or binary.
    public var kind: Kind
    /// The payload (for text, its UTF-8 bytes, already validated on receipt).
    public var bytes: [UInt8]

    /// A message of the given kind and bytes.
    public init(kind: Kind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }

    /// A text message.
    public static func text(_ string: String) -> Message { Message(kind: .text, bytes: Array(string.utf8)) }
    /// A binary message.
    public static func binary(_ bytes: [UInt8]) -> Message { Message(kind: .binary, bytes: bytes) }

    /// The text of a text message (nil for binary).
    public var text: String? { kind == .text ? String(decoding: bytes, as: UTF8.self) : nil }
}
