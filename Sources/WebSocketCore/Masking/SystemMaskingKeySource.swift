/// Masking keys from the system's CSPRNG (`SystemRandomNumberGenerator`), two keys per 64-bit draw.
public struct SystemMaskingKeySource: MaskingKeySource, Sendable {
    private var spare: UInt32?

    /// A source reading the system's CSPRNG.
    public init() {}

    /// The key for the next frame.
    public mutating func nextKey() -> MaskingKey {
        let word: UInt32
        if let spare {
            word = spare
            self.spare = nil
        } else {
            var generator = SystemRandomNumberGenerator()
            let draw = generator.next()
            word = UInt32(truncatingIfNeeded: draw)
            spare = UInt32(truncatingIfNeeded: draw >> 32)
        }
        return MaskingKey(
            UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8),
            UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 24))
    }
}
