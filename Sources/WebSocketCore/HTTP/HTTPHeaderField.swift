/// One header field of an HTTP head: a name and its value, as received or to be sent.
public struct HTTPHeaderField: Sendable, Hashable {
    /// The field name as written (compare it case-insensitively).
    public var name: String
    /// The field value without leading and trailing whitespace.
    public var value: String

    /// A field with the given name and value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
