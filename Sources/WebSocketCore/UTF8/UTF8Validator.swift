/// An incremental validator of UTF-8 (RFC 3629, Unicode table 3-7) for the payload of a text message,
/// fed fragment by fragment (RFC 6455 §8.1).
///
/// It fails fast: `consume` returns `false` at the first byte after which the bytes seen cannot be the start
/// of valid UTF-8 (an overlong lead such as C0, a surrogate such as ED A0, a code point above U+10FFFF such as
/// F4 90, a stray continuation byte), and keeps returning `false` until `reset()` or `finish()`.
public struct UTF8Validator: Sendable {
    /// The automaton state (a `UTF8DFA` bit offset).
    @usableFromInline var state: UInt64

    /// A validator at the start of a message.
    @inlinable
    public init() { state = UTF8DFA.accept }

    /// Feeds the next bytes of a message. Returns `false` as soon as the bytes seen so far cannot be the prefix
    /// of valid UTF-8; after a `false`, keeps returning `false` until reset.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if state == UTF8DFA.reject { return false }
        guard let base = bytes.baseAddress else { return true }
        state = UTF8Scan.run(state, base, bytes.count)
        return state != UTF8DFA.reject
    }

    /// Feeds the next bytes of a message (contiguous collections such as `[UInt8]` and `ArraySlice` take
    /// the fast path); same result as `consume(_:)` on a buffer.
    @inlinable
    public mutating func consume(_ bytes: some Sequence<UInt8>) -> Bool {
        if let result = bytes.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(256)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 256 {
                guard chunk.withUnsafeBytes({ consume($0) }) else { return false }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        return chunk.withUnsafeBytes { consume($0) }
    }

    /// True when the bytes so far are valid and end on a character boundary (a message may end here).
    @inlinable
    public var isComplete: Bool { state == UTF8DFA.accept }

    /// Ends the message: true if everything consumed was valid and complete. Resets the validator for the
    /// next message.
    @inlinable
    public mutating func finish() -> Bool {
        defer { reset() }
        return isComplete
    }

    /// Forgets everything consumed (including a failure) and starts a new message.
    @inlinable
    public mutating func reset() { state = UTF8DFA.accept }

    /// Whether `bytes` as a whole are well-formed UTF-8.
    @inlinable
    public static func isValid(_ bytes: some Sequence<UInt8>) -> Bool {
        var validator = UTF8Validator()
        return validator.consume(bytes) && validator.finish()
    }
}
