/// What an idle inflater keeps between messages instead of its full memory (`Inflater.releaseIdleMemory()`):
/// the window of history (the last decoded bytes, at most the window size) and where the stream stands (at a
/// block boundary, possibly after a BFINAL block, or failed). The buffer and the Huffman tables are rebuilt on
/// the next message.
struct InflaterIdleState: Sendable {
    let windowBits: Int
    /// The last decoded bytes, oldest first.
    var history: [UInt8] = []
    /// `.blockHeader` or `.streamEnd`.
    var mode = InflateMode.blockHeader
    var isFinalBlock = false
    var failure: InflateError?

    /// The state of a fresh (or reset) inflater: no history.
    init(windowBits: Int) {
        self.windowBits = windowBits
    }

    /// Bytes held: the history.
    var allocatedBytes: Int { history.count }
}
