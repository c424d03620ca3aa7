/// Masking keys in a fixed sequence, so that a replayed run writes the same bytes.
struct ModelMaskingKeySource: MaskingKeySource {
    private var counter: UInt8 = 0

    mutating func nextKey() -> MaskingKey {
        counter &+= 1
        return MaskingKey(counter, 0x5A, 0xC3, 0x17)
    }
}
