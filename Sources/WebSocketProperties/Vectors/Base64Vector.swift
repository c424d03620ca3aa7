/// A Base64 text (RFC 4648 §4) and the bytes it encodes, or a text that strict decoding must refuse.
public struct Base64Vector: Sendable, Hashable {
    /// The vector's name (for a refusal, why it is refused).
    public var name: String
    /// The text, as its bytes (it may hold non-ASCII bytes when refused).
    public var text: [UInt8]
    /// The bytes `text` encodes; nil when `text` must be refused.
    public var decoded: [UInt8]?

    /// A vector with the given fields.
    public init(name: String, text: [UInt8], decoded: [UInt8]?) {
        self.name = name
        self.text = text
        self.decoded = decoded
    }
}
