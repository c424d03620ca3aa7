/// The arrays a deflater uses to choose and write one block's codes: frequencies, code lengths and codes of
/// the three alphabets, and the run-length encoded code lengths of a dynamic header. Allocated once.
struct HuffmanScratch {
    /// Literal/length symbol frequencies (288 slots).
    let literalFrequencies: UnsafeMutablePointer<UInt32>
    /// Distance symbol frequencies (32 slots).
    let distanceFrequencies: UnsafeMutablePointer<UInt32>
    /// Code-length symbol frequencies (19 slots).
    let codeLengthFrequencies: UnsafeMutablePointer<UInt32>
    /// Code lengths: literal/length (288), then distance (32), then code-length (19) alphabet.
    let lengths: UnsafeMutablePointer<UInt8>
    /// Bit-reversed codes, in the same layout as `lengths`.
    let codes: UnsafeMutablePointer<UInt16>
    /// The fixed code lengths and codes (RFC 1951 §3.2.6), literal/length then distance.
    let fixedLengths: UnsafeMutablePointer<UInt8>
    let fixedCodes: UnsafeMutablePointer<UInt16>
    /// The dynamic header's code lengths, run-length encoded: symbol (0–18) | extra bits value << 8.
    let runs: UnsafeMutablePointer<UInt16>
    /// Working memory for building code lengths.
    let builder: HuffmanBuilderScratch

    /// Offsets of the distance and code-length alphabets in `lengths` and `codes`.
    static let distanceOffset = 288
    static let codeLengthOffset = 320
    static let totalSymbols = 339

    /// Bytes allocated.
    static let bytes = 4 * (288 + 32 + 19) + 3 * totalSymbols + 3 * 320 + 2 * 320 + HuffmanBuilderScratch.bytes

    init() {
        literalFrequencies = .allocate(capacity: 288)
        literalFrequencies.initialize(repeating: 0, count: 288)
        distanceFrequencies = .allocate(capacity: 32)
        distanceFrequencies.initialize(repeating: 0, count: 32)
        codeLengthFrequencies = .allocate(capacity: 19)
        codeLengthFrequencies.initialize(repeating: 0, count: 19)
        lengths = .allocate(capacity: Self.totalSymbols)
        lengths.initialize(repeating: 0, count: Self.totalSymbols)
        codes = .allocate(capacity: Self.totalSymbols)
        codes.initialize(repeating: 0, count: Self.totalSymbols)
        fixedLengths = .allocate(capacity: 320)
        fixedCodes = .allocate(capacity: 320)
        runs = .allocate(capacity: 320)
        runs.initialize(repeating: 0, count: 320)
        builder = HuffmanBuilderScratch()
        DeflateFormat.fixedLiteralLengthLengths.withUnsafeBufferPointer {
            fixedLengths.initialize(from: $0.baseAddress!, count: 288)
        }
        (fixedLengths + 288).initialize(repeating: 5, count: 32)
        HuffmanCodeBuilder.buildCodes(lengths: fixedLengths, count: 288, into: fixedCodes)
        HuffmanCodeBuilder.buildCodes(lengths: fixedLengths + 288, count: 32, into: fixedCodes + 288)
    }

    /// Frees the memory.
    func deallocate() {
        literalFrequencies.deallocate()
        distanceFrequencies.deallocate()
        codeLengthFrequencies.deallocate()
        lengths.deallocate()
        codes.deallocate()
        fixedLengths.deallocate()
        fixedCodes.deallocate()
        runs.deallocate()
        builder.deallocate()
    }
}
