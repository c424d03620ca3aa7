/// One key-value pair of a RESP3 map or attribute (`RESPValue.map`, `RESPValue.attribute`).
public struct RESPMapEntry: Hashable, Sendable {
    /// The key (any RESP value).
    public var key: RESPValue
    /// The value.
    public var value: RESPValue

    /// A pair.
    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}
