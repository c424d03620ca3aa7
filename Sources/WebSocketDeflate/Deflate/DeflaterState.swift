/// The memory and state of one deflater: the input buffer with its window of history, the hash chains, the
/// symbols of the block being collected and the bits not yet written.
///
/// `@unchecked Sendable`: an instance is only ever mutated through a `Deflater` that holds the only
/// reference to it (copy-on-write), so it is never shared between threads while mutable.
final class DeflaterState: @unchecked Sendable {
    let geometry: DeflateGeometry
    let parameters: MatchParameters
    let windowBits: Int
    let level: DeflateLevel

    /// History followed by input not yet matched.
    let window: UnsafeMutablePointer<UInt8>
    /// The most recent position for each hash of 3 bytes (0: none; position 0 is never a match candidate).
    let head: UnsafeMutablePointer<UInt16>
    /// For each position modulo the window size: the previous position with the same hash.
    let prev: UnsafeMutablePointer<UInt16>
    /// The block's symbols: a literal byte (distance 0), or match length - 3 | distance << 16.
    let symbols: UnsafeMutablePointer<UInt32>
    /// Frequencies, lengths and codes for writing a block.
    let scratch: HuffmanScratch

    /// The position being matched.
    var position = 1
    /// Bytes of input from `position` on.
    var lookahead = 0
    /// Where the raw bytes of the block being collected start (negative once they slid out).
    var blockStart = 1
    /// Where the input covered by the symbols so far ends.
    var symbolEnd = 1
    /// Symbols collected for the current block.
    var symbolCount = 0
    /// Where positions inserted into the hash chains since the last reset start.
    var insertedFrom = 1

    /// Lazy matching: whether the byte before `position` is still to be written as a literal or match.
    var matchAvailable = false
    /// Lazy matching: the match found at the previous position.
    var matchLength = DeflateFormat.minimumMatch - 1
    var matchStart = 0

    /// Output bits not yet in a whole byte (fewer than 8).
    var pendingBits: UInt64 = 0
    var pendingCount = 0

    init(level: DeflateLevel, windowBits: Int) {
        self.level = level
        self.windowBits = windowBits
        parameters = level.parameters
        geometry = DeflateGeometry(windowBits: windowBits)
        let bufferBytes = geometry.bufferSize + DeflateGeometry.slack
        window = .allocate(capacity: bufferBytes)
        window.initialize(repeating: 0, count: bufferBytes)
        head = .allocate(capacity: 1 << geometry.hashBits)
        head.initialize(repeating: 0, count: 1 << geometry.hashBits)
        prev = .allocate(capacity: geometry.windowSize)
        prev.initialize(repeating: 0, count: geometry.windowSize)
        symbols = .allocate(capacity: geometry.symbolCapacity)
        symbols.initialize(repeating: 0, count: geometry.symbolCapacity)
        scratch = HuffmanScratch()
    }

    deinit {
        window.deallocate()
        head.deallocate()
        prev.deallocate()
        symbols.deallocate()
        scratch.deallocate()
    }

    /// An independent copy in the same state.
    func copy() -> DeflaterState {
        let other = DeflaterState(level: level, windowBits: windowBits)
        other.window.update(from: window, count: geometry.bufferSize + DeflateGeometry.slack)
        other.head.update(from: head, count: 1 << geometry.hashBits)
        other.prev.update(from: prev, count: geometry.windowSize)
        other.symbols.update(from: symbols, count: geometry.symbolCapacity)
        other.position = position
        other.lookahead = lookahead
        other.blockStart = blockStart
        other.symbolEnd = symbolEnd
        other.symbolCount = symbolCount
        other.insertedFrom = insertedFrom
        other.matchAvailable = matchAvailable
        other.matchLength = matchLength
        other.matchStart = matchStart
        other.pendingBits = pendingBits
        other.pendingCount = pendingCount
        return other
    }

    /// Forgets the history: clears the hash heads (only those written since the last reset when that is
    /// cheaper) and starts again at position 1. Pending input and symbols must have been flushed.
    func reset() {
        let inserted = position - insertedFrom
        let hashSize = 1 << geometry.hashBits
        if inserted >= 0 && inserted < hashSize / 8 {
            var index = insertedFrom
            while index < position {
                head[HashChains.hash(window + index, bits: geometry.hashBits)] = 0
                index += 1
            }
        } else {
            head.update(repeating: 0, count: hashSize)
        }
        position = 1
        lookahead = 0
        blockStart = 1
        symbolEnd = 1
        symbolCount = 0
        insertedFrom = 1
        matchAvailable = false
        matchLength = DeflateFormat.minimumMatch - 1
        matchStart = 0
    }
}
