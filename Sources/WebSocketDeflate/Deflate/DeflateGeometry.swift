/// The sizes of a deflater's buffers for one window size and level.
///
/// The input buffer holds the window of history followed by new input. When it is full it slides: its first
/// `slideAmount` bytes are dropped. `slideAmount` is a multiple of the window size, so positions keep their slot
/// in the ring of chain links (`prev`, one slot per window position), and at least `maximumDistance` bytes of
/// history stay behind the current position. Positions fit in 16 bits.
struct DeflateGeometry: Sendable, Hashable {
    /// The window: `1 << windowBits` bytes.
    let windowSize: Int
    /// The farthest back a match may start: the window size minus one; for the 32 KiB window, minus 262
    /// (what a 64 KiB buffer allows, as in zlib).
    let maximumDistance: Int
    /// Bytes of the input buffer.
    let bufferSize: Int
    /// Bytes dropped from the front of the buffer when it slides.
    let slideAmount: Int
    /// Log2 of the number of hash chain heads.
    let hashBits: Int
    /// The most symbols buffered before a block is written.
    let symbolCapacity: Int

    /// Input not yet matched that the matcher keeps in reserve before the end of a message: the longest
    /// match plus the bytes hashed after it.
    static let minimumLookahead = DeflateFormat.maximumMatch + DeflateFormat.minimumMatch + 1
    /// Bytes after the buffer that 8-byte loads may read.
    static let slack = 16

    init(windowBits: Int) {
        windowSize = 1 << windowBits
        bufferSize = min(1 << 16, max(4 * windowSize, 8192))
        let room = bufferSize - Self.minimumLookahead - (windowSize - 1)
        if room >= windowSize {
            slideAmount = room / windowSize * windowSize
            maximumDistance = windowSize - 1
        } else {
            slideAmount = windowSize
            maximumDistance = windowSize - Self.minimumLookahead
        }
        hashBits = min(15, max(windowBits + 1, 10))
        symbolCapacity = max(4096, min(16384, windowSize))
    }

    /// Bytes a deflater allocates: input buffer, hash heads and chain links (2 bytes each), symbol buffer
    /// (4 bytes a symbol) and the Huffman code scratch.
    var allocatedBytes: Int {
        bufferSize + Self.slack + 2 * (1 << hashBits) + 2 * windowSize + 4 * symbolCapacity + HuffmanScratch.bytes
    }
}
