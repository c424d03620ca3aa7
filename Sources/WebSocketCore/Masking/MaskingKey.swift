/// The 4-byte masking key of a frame, in wire order (RFC 6455 §5.3).
///
/// A client masks every frame it sends with a fresh key from a strong source of entropy; a server unmasks
/// with the key carried in the frame header. Masking and unmasking are the same XOR (see `apply(to:phase:)`).
public struct MaskingKey: Hashable, Sendable {
    /// Key byte 0, the first on the wire; XORed into payload bytes 0, 4, 8, ….
    public var b0: UInt8
    /// Key byte 1; XORed into payload bytes 1, 5, 9, ….
    public var b1: UInt8
    /// Key byte 2; XORed into payload bytes 2, 6, 10, ….
    public var b2: UInt8
    /// Key byte 3, the last on the wire; XORed into payload bytes 3, 7, 11, ….
    public var b3: UInt8

    /// A key from its four bytes in wire order.
    @inlinable
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.b3 = b3
    }

    /// A key from exactly four bytes in wire order; `nil` for any other count.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        var i = bytes.startIndex
        let k0 = bytes[i]; bytes.formIndex(after: &i)
        let k1 = bytes[i]; bytes.formIndex(after: &i)
        let k2 = bytes[i]; bytes.formIndex(after: &i)
        let k3 = bytes[i]
        self.init(k0, k1, k2, k3)
    }

    /// The four key bytes in wire order.
    @inlinable
    public var bytes: [UInt8] { [b0, b1, b2, b3] }

    /// A key from the system CSPRNG (`SystemRandomNumberGenerator`), as RFC 6455 §5.3 requires of clients.
    public static func random() -> MaskingKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A key drawn from any generator (tests use a seeded one for reproducibility).
    @inlinable
    public static func random(using g: inout some RandomNumberGenerator) -> MaskingKey {
        let word = g.next() as UInt64
        return MaskingKey(UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word &>> 8),
                          UInt8(truncatingIfNeeded: word &>> 16), UInt8(truncatingIfNeeded: word &>> 24))
    }

    /// Key byte `index & 3`: the byte XORed into payload byte `index` when masking starts at phase 0.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        switch index & 3 {
        case 0: return b0
        case 1: return b1
        case 2: return b2
        default: return b3
        }
    }
}
