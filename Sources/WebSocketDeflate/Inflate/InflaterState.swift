/// The memory and the resumable state of one inflater: output buffer with its window of history, Huffman
/// tables, bit buffer and position in the stream.
///
/// `@unchecked Sendable`: an instance is only ever mutated through an `Inflater` that holds the only
/// reference to it (copy-on-write), so it is never shared between threads while mutable.
final class InflaterState: @unchecked Sendable {
    /// The configured window: matches may reach at most this far back.
    let windowSize: Int
    /// Usable bytes of `buffer`.
    let capacity: Int
    /// Decoded bytes: history, then bytes not yet appended to the caller's output.
    let buffer: UnsafeMutablePointer<UInt8>
    /// Where the next decoded byte goes.
    var position = 0
    /// `buffer[..<delivered]` is already in the caller's output (or is history from before).
    var delivered = 0
    /// `position` may not reach this index during the current call (the caller's output limit).
    var writeLimit = 0
    /// The caller's limit during the current call, reported by `outputLimitExceeded`.
    var limit = 0

    /// Literal/length decoding table (also holds the code-length table while a dynamic header is read).
    let literalLengthTable: UnsafeMutablePointer<UInt32>
    /// Distance decoding table.
    let distanceTable: UnsafeMutablePointer<UInt32>
    /// Whether the tables currently hold the fixed codes (so a run of fixed blocks builds them once).
    var tablesAreFixed = false
    /// Code lengths read from a dynamic block header.
    let lengths: UnsafeMutablePointer<UInt8>
    /// Working memory for building tables.
    let tableScratch: UnsafeMutablePointer<UInt16>

    /// Input bits not yet used, least significant first.
    var bitBuffer: UInt64 = 0
    /// How many bits of `bitBuffer` are valid (at most 63).
    var bitCount = 0
    /// The next unread input byte during a call.
    var inputNext: UnsafePointer<UInt8>
    /// The end of the input during a call.
    var inputEnd: UnsafePointer<UInt8>

    /// What the stream expects next.
    var mode = InflateMode.blockHeader
    /// Whether the current block has BFINAL set.
    var isFinalBlock = false
    /// Bytes of the current stored block still to copy.
    var storedRemaining = 0
    /// HLIT, HDIST and HCLEN of the dynamic header being read.
    var literalLengthCount = 0
    var distanceCount = 0
    var codeLengthCount = 0
    /// How many code lengths of the dynamic header have been read.
    var lengthIndex = 0
    /// The error that stopped the stream, thrown again until reset.
    var failure: InflateError?

    /// Bytes of memory an instance allocates for `windowBits`.
    static func allocatedBytes(windowBits: Int) -> Int {
        InflateBuffer.capacity(windowSize: 1 << windowBits) + InflateBuffer.slack
            + 4 * (HuffmanDecodeTable.literalLengthCapacity + HuffmanDecodeTable.distanceCapacity) + 320
            + 2 * HuffmanDecodeTable.scratchCapacity
    }

    init(windowBits: Int) {
        windowSize = 1 << windowBits
        capacity = InflateBuffer.capacity(windowSize: windowSize)
        buffer = .allocate(capacity: capacity + InflateBuffer.slack)
        buffer.initialize(repeating: 0, count: capacity + InflateBuffer.slack)
        literalLengthTable = .allocate(capacity: HuffmanDecodeTable.literalLengthCapacity)
        literalLengthTable.initialize(repeating: 0, count: HuffmanDecodeTable.literalLengthCapacity)
        distanceTable = .allocate(capacity: HuffmanDecodeTable.distanceCapacity)
        distanceTable.initialize(repeating: 0, count: HuffmanDecodeTable.distanceCapacity)
        lengths = .allocate(capacity: 320)
        lengths.initialize(repeating: 0, count: 320)
        tableScratch = .allocate(capacity: HuffmanDecodeTable.scratchCapacity)
        tableScratch.initialize(repeating: 0, count: HuffmanDecodeTable.scratchCapacity)
        inputNext = UnsafePointer(lengths)
        inputEnd = inputNext
    }

    deinit {
        buffer.deallocate()
        literalLengthTable.deallocate()
        distanceTable.deallocate()
        lengths.deallocate()
        tableScratch.deallocate()
    }

    /// An independent copy with the same history and stream position.
    func copy() -> InflaterState {
        let other = InflaterState(windowBits: windowSize.trailingZeroBitCount)
        other.buffer.update(from: buffer, count: capacity + InflateBuffer.slack)
        other.literalLengthTable.update(from: literalLengthTable, count: HuffmanDecodeTable.literalLengthCapacity)
        other.distanceTable.update(from: distanceTable, count: HuffmanDecodeTable.distanceCapacity)
        other.lengths.update(from: lengths, count: 320)
        other.position = position
        other.delivered = delivered
        other.tablesAreFixed = tablesAreFixed
        other.bitBuffer = bitBuffer
        other.bitCount = bitCount
        other.mode = mode
        other.isFinalBlock = isFinalBlock
        other.storedRemaining = storedRemaining
        other.literalLengthCount = literalLengthCount
        other.distanceCount = distanceCount
        other.codeLengthCount = codeLengthCount
        other.lengthIndex = lengthIndex
        other.failure = failure
        return other
    }

    /// Forgets the history and the stream position (the tables' memory is kept).
    func reset() {
        position = 0
        delivered = 0
        bitBuffer = 0
        bitCount = 0
        mode = .blockHeader
        isFinalBlock = false
        storedRemaining = 0
        lengthIndex = 0
        failure = nil
    }
}
