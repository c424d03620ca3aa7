/// The state of one incoming data message delivered in chunks (`MessageDelivery.streamed`): the bytes decoded but
/// not yet emitted, the UTF-8 validator of a text message, and how much of the message was emitted.
///
/// Its buffer holds at most one chunk of payload (plus, after an extension's decode step, what that step
/// produced, which the machine keeps below one more chunk by feeding the extension small pieces), so a message
/// costs bounded memory whatever its size. Text is validated as it arrives; a chunk of text never ends inside a
/// code point (an incomplete trailing sequence, at most 3 bytes, waits for the next chunk).
struct MessageChunker {
    /// The largest chunk emitted.
    let chunkSize: Int
    private(set) var kind: Message.Kind = .binary
    /// Decoded bytes not emitted yet; all of them validated when the message is text.
    var buffer: [UInt8] = []
    /// Bytes of the message emitted so far.
    private(set) var emitted = 0
    private var isFirst = true
    private var utf8 = UTF8Validator()

    init(chunkSize: Int) {
        self.chunkSize = chunkSize
    }

    /// The message's decoded bytes so far.
    var total: Int { emitted + buffer.count }

    /// Starts a message of `kind`, dropping whatever a previous, unfinished message left.
    mutating func begin(_ kind: Message.Kind) {
        self.kind = kind
        buffer = []
        emitted = 0
        isFirst = true
        utf8.reset()
    }

    /// Forgets the message in progress (the connection failed or closed).
    mutating func discard() {
        buffer = []
        utf8.reset()
    }

    /// Unmasks and appends a slice of raw payload (`phase`: the masking-key phase of its first byte), validating
    /// text as it goes and emitting each full chunk.
    mutating func appendPayload(
        _ slice: UnsafeRawBufferPointer, key: MaskingKey?, phase: Int, into events: inout [ConnectionEvent]
    ) throws(ProtocolViolation) {
        var offset = 0
        while offset < slice.count {
            if buffer.count >= chunkSize { emit(count: buffer.count, isFinal: false, into: &events) }
            let count = min(slice.count - offset, chunkSize - buffer.count)
            let start = buffer.count
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: slice[offset..<offset + count]))
            let phaseHere = (phase + offset) & 3
            let isText = kind == .text
            let valid = buffer.withUnsafeMutableBytes { whole in
                let added = UnsafeMutableRawBufferPointer(rebasing: whole[start...])
                if let key { _ = key.apply(to: added, phase: phaseHere) }
                return !isText || utf8.consume(UnsafeRawBufferPointer(added))
            }
            offset += count
            guard valid else { throw .invalidUTF8 }
        }
        if buffer.count >= chunkSize { emit(count: buffer.count, isFinal: false, into: &events) }
    }

    /// Validates text an extension appended to `buffer` after its first `from` bytes, then emits every full
    /// chunk.
    mutating func decoded(after from: Int, into events: inout [ConnectionEvent]) throws(ProtocolViolation) {
        if kind == .text && from < buffer.count {
            let valid = buffer.withUnsafeBytes { utf8.consume(UnsafeRawBufferPointer(rebasing: $0[from...])) }
            guard valid else { throw .invalidUTF8 }
        }
        while buffer.count >= chunkSize {
            let before = buffer.count
            emit(count: chunkSize, isFinal: false, into: &events)
            if buffer.count == before { break }  // Nothing could be emitted (cannot happen with chunkSize >= 4).
        }
    }

    /// Emits what the buffer holds (up to a code-point boundary for text) as a chunk, if anything.
    mutating func flush(into events: inout [ConnectionEvent]) {
        emit(count: buffer.count, isFinal: false, into: &events)
    }

    /// Ends the message: checks text ends on a code point and emits the final chunk(s).
    mutating func finish(into events: inout [ConnectionEvent]) throws(ProtocolViolation) {
        if kind == .text && !utf8.finish() { throw .invalidUTF8 }
        while buffer.count > chunkSize { emit(count: chunkSize, isFinal: false, into: &events) }
        emit(count: buffer.count, isFinal: true, into: &events)
        buffer = []
    }

    /// Emits the first `count` bytes of the buffer (fewer for text that would end inside a code point) as one
    /// chunk. Nothing is emitted for an empty non-final chunk.
    private mutating func emit(count requested: Int, isFinal: Bool, into events: inout [ConnectionEvent]) {
        var count = requested
        if kind == .text && !isFinal { count -= Self.incompleteTail(buffer, end: count) }
        guard count > 0 || isFinal else { return }
        let bytes: [UInt8]
        if count == buffer.count {
            bytes = buffer
            buffer = []
        } else {
            bytes = Array(buffer[0..<count])
            buffer.removeFirst(count)
        }
        events.append(.messageChunk(MessageChunk(kind: kind, bytes: bytes, isFirst: isFirst, isFinal: isFinal)))
        isFirst = false
        emitted += count
    }

    /// How many bytes at the end of `bytes[..<end]` (validated UTF-8) form an incomplete code point: 0 to 3.
    static func incompleteTail(_ bytes: [UInt8], end: Int) -> Int {
        var index = end - 1
        let lowest = max(0, end - 4)
        while index >= lowest {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                return length > end - index ? end - index : 0
            }
            index -= 1
        }
        return 0
    }
}
