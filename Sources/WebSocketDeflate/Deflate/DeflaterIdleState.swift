/// What an idle deflater keeps between messages instead of its full memory (`Deflater.releaseIdleMemory()`):
/// the window of history (the last bytes before the current position, at most the window size), which of those
/// positions are in the hash chains (one bit each), and the deflater's scalar state. Everything else (input
/// buffer, hash heads, chain links, symbols, Huffman scratch) is rebuilt from it on the next message, with the
/// hash chains holding the same positions in the same order, so the output is byte for byte what it would have
/// been without the release.
struct DeflaterIdleState: Sendable {
    let level: DeflateLevel
    let windowBits: Int
    /// The bytes before `position`, from `position - history.count` on.
    var history: [UInt8] = []
    /// Bit `i` is set when position `position - history.count + i` is in the hash chains.
    var inserted: [UInt8] = []
    var position = 1
    var blockStart = 1
    var symbolEnd = 1
    var insertedFrom = 1
    var matchLength = DeflateFormat.minimumMatch - 1
    var matchStart = 0
    var pendingBits: UInt64 = 0
    var pendingCount = 0

    /// The state of a fresh (or reset) deflater: no history.
    init(level: DeflateLevel, windowBits: Int) {
        self.level = level
        self.windowBits = windowBits
    }

    /// Bytes held: the history and its bitmap.
    var allocatedBytes: Int { history.count + inserted.count }

    /// The most an idle deflater holds for `windowBits`: a window of history and one bit per window byte.
    static func maximumBytes(windowBits: Int) -> Int {
        let window = 1 << windowBits
        return window + window / 8
    }
}
