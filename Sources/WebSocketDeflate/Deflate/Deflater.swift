/// A DEFLATE encoder (RFC 1951) shaped for permessage-deflate (RFC 7692): LZ77 with hash chains (lazy
/// matching from level 4), and for each block the smallest of dynamic Huffman, fixed Huffman and stored.
///
/// Feed a message with `deflate(_:into:)` (any number of pieces), then `syncFlush(into:)`: the output so far
/// then ends on a byte boundary with `00 00 ff ff`, which RFC 7692 §7.2.1 has the sender remove.
/// `compressMessage(_:)` does all three. The window of history carries over to the next message (context
/// takeover); call `reset()` between messages when it must not (`*_no_context_takeover`).
///
/// Matches never reach further back than the window (`1 << windowBits` bytes; less 262 bytes for the 32 KiB
/// window, as in zlib), so a peer with that window can decode the output. Window 8 is honored (distances of
/// at most 255), unlike zlib, which uses 9 instead.
///
/// Memory is allocated once, when the deflater is created: `memoryFootprint(windowBits:level:)` bytes.
/// Between messages, `releaseIdleMemory()` shrinks it to the window of history (see `allocatedBytes`); the next
/// call allocates it again. A value type: copies are independent (the first mutation of a shared copy duplicates
/// its memory).
public struct Deflater: Sendable {
    /// Window sizes the encoder supports, as log2 of the size in bytes (RFC 7692 §7.1.2: 8 through 15).
    public static let supportedWindowBits = 8...15

    /// The window, as log2 of its size.
    public let windowBits: Int
    /// How hard the encoder searches for matches.
    public let level: DeflateLevel

    /// The full state; nil while idle (`releaseIdleMemory()`), when `idle` holds what it needs.
    private var state: DeflaterState?
    private var idle: DeflaterIdleState?

    /// A deflater with a window of `1 << windowBits` bytes. `windowBits` must be in `supportedWindowBits`
    /// (a programming error otherwise).
    public init(level: DeflateLevel = .default, windowBits: Int = 15) {
        precondition(Self.supportedWindowBits.contains(windowBits), "windowBits must be 8 through 15")
        self.level = level
        self.windowBits = windowBits
        state = DeflaterState(level: level, windowBits: windowBits)
    }

    /// Bytes of memory one deflater keeps: its input buffer (the window plus room for input: 64 KiB for
    /// windows of 2^14 and 2^15 bytes, 4 × window for 2^11–2^13, 8 KiB below), the hash heads (2 bytes each,
    /// 2^(windowBits+1) of them, at least 1,024 and at most 32,768), the chain links (2 bytes per window
    /// byte), the symbol buffer (4 bytes a symbol; the window size in symbols, at least 4,096 and at most
    /// 16,384) and about 11 KiB for building the Huffman codes. The level does not change it.
    public static func memoryFootprint(windowBits: Int, level: DeflateLevel = .default) -> Int {
        DeflateGeometry(windowBits: windowBits).allocatedBytes
    }

    /// The most bytes an idle deflater keeps after `releaseIdleMemory()`: a window of history and one bit per
    /// window byte (36,864 at window 15, 288 at window 8).
    public static func idleMemoryFootprint(windowBits: Int) -> Int {
        DeflaterIdleState.maximumBytes(windowBits: windowBits)
    }

    /// Bytes this deflater holds now: `memoryFootprint(windowBits:level:)` while active, the history it keeps
    /// (at most `idleMemoryFootprint(windowBits:)`) after `releaseIdleMemory()`.
    public var allocatedBytes: Int {
        idle?.allocatedBytes ?? Self.memoryFootprint(windowBits: windowBits, level: level)
    }

    /// Whether the deflater is idle: its memory released by `releaseIdleMemory()` and not yet needed again.
    public var isIdle: Bool { idle != nil }

    /// Between messages, frees everything but the window of history (at most the last `1 << windowBits` bytes)
    /// and which of its positions are indexed; the next call rebuilds the rest, with the same hash chains, so
    /// the output is byte for byte what it would have been without the release. Returns false, and changes
    /// nothing, when input is not flushed yet (a message is in progress); true when idle afterwards.
    @discardableResult
    public mutating func releaseIdleMemory() -> Bool {
        guard let state else { return true }
        guard let snapshot = state.idleState() else { return false }
        idle = snapshot
        self.state = nil
        return true
    }

    /// Compresses the next piece of a message, appending whatever complete blocks result to `output`. Up to
    /// 261 bytes of input are held back until more input or a flush arrives.
    public mutating func deflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        makeUnique().consume(input, into: &output)
    }

    /// Compresses the next piece of a message; same as the buffer form.
    public mutating func deflate(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
        let state = makeUnique()
        let done: Void? = input.withContiguousStorageIfAvailable {
            state.consume(UnsafeRawBufferPointer($0), into: &output)
        }
        if done == nil { Array(input).withUnsafeBytes { state.consume($0, into: &output) } }
    }

    /// Compresses everything given so far and ends the output on a byte boundary with an empty stored block,
    /// whose last 4 bytes are `00 00 ff ff` (RFC 7692 §7.2.1). The window is kept.
    public mutating func syncFlush(into output: inout [UInt8]) {
        let state = makeUnique()
        state.compress(flush: true, into: &output)
        state.writeBlock(into: &output)
        state.writeSyncFlush(into: &output)
    }

    /// Compresses one whole message for permessage-deflate: its bytes, a sync flush, and the final
    /// `00 00 ff ff` removed (RFC 7692 §7.2.1). An empty message gives `[0x00]`.
    public mutating func compressMessage(_ message: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count / 2 + 64)
        deflate(message, into: &output)
        syncFlush(into: &output)
        output.removeLast(4)
        return output
    }

    /// Forgets the window: the next message is compressed without reference to earlier ones. Input not yet
    /// flushed is discarded.
    public mutating func reset() {
        if idle != nil {
            idle = DeflaterIdleState(level: level, windowBits: windowBits)
            return
        }
        let state = makeUnique()
        state.reset()
        state.pendingBits = 0
        state.pendingCount = 0
    }

    /// The full state, rebuilt when idle and copied when shared.
    private mutating func makeUnique() -> DeflaterState {
        if let idle {
            let restored = DeflaterState(restoring: idle)
            state = restored
            self.idle = nil
            return restored
        }
        if !isKnownUniquelyReferenced(&state) { state = state!.copy() }
        return state!
    }
}
