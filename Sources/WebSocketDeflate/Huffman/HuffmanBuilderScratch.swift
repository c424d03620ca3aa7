/// Working memory for `HuffmanCodeBuilder.buildLengths`, allocated once per deflater.
struct HuffmanBuilderScratch {
    /// The largest alphabet (literal/length symbols, fixed code included).
    static let maximumSymbols = 288
    /// Sort keys: frequency << 16 | symbol.
    let keys: UnsafeMutablePointer<UInt64>
    /// Tree node weights (later depths), parents, and counts per length.
    let nodes: UnsafeMutablePointer<UInt32>

    /// Bytes allocated.
    static let bytes = 8 * maximumSymbols + 4 * (4 * maximumSymbols + 32)

    init() {
        keys = .allocate(capacity: Self.maximumSymbols)
        keys.initialize(repeating: 0, count: Self.maximumSymbols)
        nodes = .allocate(capacity: 4 * Self.maximumSymbols + 32)
        nodes.initialize(repeating: 0, count: 4 * Self.maximumSymbols + 32)
    }

    /// Frees the memory.
    func deallocate() {
        keys.deallocate()
        nodes.deallocate()
    }
}
