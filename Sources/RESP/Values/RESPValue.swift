/// One RESP value: a reply (or push) from a Redis server, RESP2 or RESP3
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
///
/// RESP2 has simple strings, errors, integers, bulk strings (and the null bulk string) and arrays (and the null
/// array); RESP3 adds null, booleans, doubles, big numbers, bulk errors, verbatim strings, maps, sets, attributes and
/// push frames. Each wire form has its own case, so a value encodes back to the bytes it was parsed from (for a
/// double: to an equivalent textual form).
public indirect enum RESPValue: Hashable, Sendable {
    /// `+text` — a line of text without CR or LF (bytes that are not UTF-8 are repaired with U+FFFD).
    case simpleString(String)
    /// `-message` — an error reply: the first word is the error code (`ERR`, `WRONGPASS`, `NOAUTH`, …).
    case error(String)
    /// `:n` — a signed 64-bit integer.
    case integer(Int64)
    /// `$len` — a binary-safe string.
    case bulkString([UInt8])
    /// `$-1` — RESP2's null bulk string.
    case nullBulkString
    /// `*count` — an ordered collection.
    case array([RESPValue])
    /// `*-1` — RESP2's null array.
    case nullArray
    /// `_` — RESP3's null.
    case null
    /// `#t` / `#f` — RESP3 boolean.
    case boolean(Bool)
    /// `,value` — RESP3 double (also `inf`, `-inf`, `nan`).
    case double(Double)
    /// `(digits` — RESP3 big number, as its decimal text (an optional `-` then digits).
    case bigNumber(String)
    /// `!len` — RESP3 binary-safe error.
    case bulkError([UInt8])
    /// `=len` — RESP3 verbatim string: a three-byte format (`txt`, `mkd`) and the text.
    case verbatimString(format: String, text: [UInt8])
    /// `%count` — RESP3 map: key-value pairs in wire order.
    case map([RESPMapEntry])
    /// `~count` — RESP3 set: elements in wire order.
    case set([RESPValue])
    /// `|count` — RESP3 attributes (a map of auxiliary data) attached to the value that follows them on the wire.
    case attribute([RESPMapEntry], RESPValue)
    /// `>count` — RESP3 push frame: out-of-band data (pub/sub messages, invalidations), not a reply to a command.
    case push([RESPValue])
}

extension RESPValue {
    /// Whether the value is one of the null forms (`$-1`, `*-1`, `_`).
    public var isNull: Bool {
        switch self {
        case .null, .nullBulkString, .nullArray: true
        default: false
        }
    }

    /// The value without any attributes attached to it (attributes nested in aggregates are kept).
    public var withoutAttributes: RESPValue {
        if case .attribute(_, let value) = self { return value.withoutAttributes }
        return self
    }

    /// The error message of an error reply (`-…` or `!…`), nil for any other value.
    public var errorMessage: String? {
        switch self {
        case .error(let message): message
        case .bulkError(let bytes): String(decoding: bytes, as: UTF8.self)
        case .attribute(_, let value): value.errorMessage
        default: nil
        }
    }

    /// The bytes of a string value (simple, bulk or verbatim), nil for any other value.
    public var bytes: [UInt8]? {
        switch self {
        case .simpleString(let text): Array(text.utf8)
        case .bulkString(let bytes): bytes
        case .verbatimString(_, let text): text
        case .attribute(_, let value): value.bytes
        default: nil
        }
    }

    /// The text of a string value (simple, bulk or verbatim) decoded as UTF-8, nil for any other value.
    public var string: String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The elements of an array, set or push frame, nil for any other value.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let elements), .set(let elements), .push(let elements): elements
        case .attribute(_, let value): value.elements
        default: nil
        }
    }

    /// The key-value pairs of a map (RESP3), or of an array of even length holding keys and values in turn (how
    /// RESP2 sends a map, as `HGETALL` does); nil for any other value (`RESP-ENTRIES`).
    public var entries: [RESPMapEntry]? {
        switch self {
        case .map(let entries): return entries
        case .attribute(_, let value): return value.entries
        case .array(let elements) where elements.count % 2 == 0:
            return stride(from: 0, to: elements.count, by: 2).map {
                RESPMapEntry(key: elements[$0], value: elements[$0 + 1])
            }
        default: return nil
        }
    }
}
