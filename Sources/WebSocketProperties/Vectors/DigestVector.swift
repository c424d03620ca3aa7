/// A message and its published SHA-1 digest (FIPS 180-4).
public struct DigestVector: Sendable, Hashable {
    /// The vector's name.
    public var name: String
    /// The message.
    public var message: [UInt8]
    /// Its 20-byte SHA-1 digest.
    public var digest: [UInt8]

    /// A vector with the given fields.
    public init(name: String, message: [UInt8], digest: [UInt8]) {
        self.name = name
        self.message = message
        self.digest = digest
    }
}
