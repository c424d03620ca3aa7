/// A streaming DEFLATE decoder (RFC 1951) shaped for permessage-deflate (RFC 7692).
///
/// Feed a message's compressed payload in pieces of any size with `inflate(_:into:limit:)`, then call
/// `finishMessage(into:limit:)`, which appends the tail `00 00 ff ff` that the sender removed (RFC 7692
/// §7.2.2) and checks that the message ended on a block boundary. The window of history carries over to the
/// next message (context takeover); call `reset()` between messages when it must not
/// (`*_no_context_takeover`).
///
/// Memory is allocated once, when the inflater is created: `memoryFootprint(windowBits:)` bytes. Between
/// messages, `releaseIdleMemory()` shrinks it to the window of history (see `allocatedBytes`); the next call
/// allocates it again. The output
/// limit is exact: a call throws `.outputLimitExceeded` before `output` would grow past `limit` bytes, so a
/// tiny stream that expands to gigabytes ("decompression bomb") costs at most `limit` bytes of output.
///
/// A value type: copies are independent (the first mutation of a shared copy duplicates its memory).
public struct Inflater: Sendable {
    /// Window sizes a stream may use, as log2 of the size in bytes (RFC 7692 §7.1.2: 8 through 15).
    public static let supportedWindowBits = 8...15

    /// The bytes a sender removes from the end of each compressed message and a receiver appends again:
    /// LEN and NLEN of an empty stored block (RFC 7692 §7.2.1).
    public static let messageTail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    /// The window, as log2 of its size: matches reaching further back than `1 << windowBits` bytes are
    /// errors (`.distanceTooFarBack`).
    public let windowBits: Int

    /// The full state; nil while idle (`releaseIdleMemory()`), when `idle` holds what it needs.
    private var state: InflaterState?
    private var idle: InflaterIdleState?

    /// An inflater whose window is `1 << windowBits` bytes. `windowBits` must be in `supportedWindowBits`
    /// (a programming error otherwise).
    public init(windowBits: Int = 15) {
        precondition(Self.supportedWindowBits.contains(windowBits), "windowBits must be 8 through 15")
        self.windowBits = windowBits
        state = InflaterState(windowBits: windowBits)
    }

    /// Bytes of memory one inflater keeps for `windowBits`: its buffer (the window plus room for new output:
    /// `2 × window`, at least `window + 8 KiB`) and its Huffman tables with their scratch (about 14 KiB).
    public static func memoryFootprint(windowBits: Int) -> Int {
        InflaterState.allocatedBytes(windowBits: windowBits)
    }

    /// The most bytes an idle inflater keeps after `releaseIdleMemory()`: a window of history (32,768 at
    /// window 15).
    public static func idleMemoryFootprint(windowBits: Int) -> Int { 1 << windowBits }

    /// Bytes this inflater holds now: `memoryFootprint(windowBits:)` while active, the history it keeps (at
    /// most `idleMemoryFootprint(windowBits:)`) after `releaseIdleMemory()`.
    public var allocatedBytes: Int { idle?.allocatedBytes ?? Self.memoryFootprint(windowBits: windowBits) }

    /// Whether the inflater is idle: its memory released by `releaseIdleMemory()` and not yet needed again.
    public var isIdle: Bool { idle != nil }

    /// Between messages, frees everything but the window of history (at most the last `1 << windowBits`
    /// decoded bytes); the next call rebuilds the rest, and decoding goes on exactly as without the release.
    /// Returns false, and changes nothing, inside a block or with input bits buffered (a message in progress;
    /// `finishMessage` ends one at a block boundary); true when idle afterwards.
    @discardableResult
    public mutating func releaseIdleMemory() -> Bool {
        guard let state else { return true }
        guard let snapshot = state.idleState() else { return false }
        idle = snapshot
        self.state = nil
        return true
    }

    /// Decodes the next piece of a message's compressed payload, appending the decoded bytes to `output`.
    ///
    /// Throws `.outputLimitExceeded(limit:)` as soon as `output.count` would exceed `limit`; other errors
    /// report a malformed stream. After an error the inflater throws the same error until `reset()`.
    public mutating func inflate(
        _ input: UnsafeRawBufferPointer, into output: inout [UInt8], limit: Int = .max
    ) throws(InflateError) {
        try makeUnique().run(input, into: &output, limit: limit)
    }

    /// Decodes the next piece of a message's compressed payload; same as the buffer form.
    public mutating func inflate(
        _ input: some Collection<UInt8>, into output: inout [UInt8], limit: Int = .max
    ) throws(InflateError) {
        let state = makeUnique()
        var failure: InflateError?
        let done: Void? = input.withContiguousStorageIfAvailable { buffer in
            do throws(InflateError) {
                try state.run(UnsafeRawBufferPointer(buffer), into: &output, limit: limit)
            } catch { failure = error }
        }
        if done == nil {
            Array(input).withUnsafeBytes { buffer in
                do throws(InflateError) {
                    try state.run(buffer, into: &output, limit: limit)
                } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// Ends a message: decodes the tail `00 00 ff ff` (RFC 7692 §7.2.2) and checks that the stream is now at a
    /// block boundary (`.truncated` otherwise). A message whose last block has BFINAL set needs no tail, and
    /// then none is decoded. The window is kept for the next message; call `reset()` to drop it.
    public mutating func finishMessage(into output: inout [UInt8], limit: Int = .max) throws(InflateError) {
        let state = makeUnique()
        if let failure = state.failure { throw failure }
        if state.mode == .streamEnd && state.bitCount < 8 {
            state.consume(state.bitCount)
            return
        }
        let tailFailure: InflateError? = Self.messageTail.withUnsafeBytes { tail in
            do throws(InflateError) {
                try state.run(tail, into: &output, limit: limit)
                return nil
            } catch { return error }
        }
        if let tailFailure { throw tailFailure }
        guard state.mode == .blockHeader || state.mode == .streamEnd, state.bitCount == 0 else {
            state.failure = .truncated
            throw .truncated
        }
    }

    /// Decodes one whole message: its compressed payload (without the tail), then `finishMessage`. Returns the
    /// decoded bytes, at most `limit` of them.
    public mutating func inflateMessage(_ payload: [UInt8], limit: Int = .max) throws(InflateError) -> [UInt8] {
        var output: [UInt8] = []
        try inflate(payload, into: &output, limit: limit)
        try finishMessage(into: &output, limit: limit)
        return output
    }

    /// Forgets the window and any partial message or error: the next byte starts a new stream with no history.
    public mutating func reset() {
        if idle != nil {
            idle = InflaterIdleState(windowBits: windowBits)
            return
        }
        makeUnique().reset()
    }

    /// The full state, rebuilt when idle and copied when shared.
    private mutating func makeUnique() -> InflaterState {
        if let idle {
            let restored = InflaterState(restoring: idle)
            state = restored
            self.idle = nil
            return restored
        }
        if !isKnownUniquelyReferenced(&state) { state = state!.copy() }
        return state!
    }
}
