/// Why bytes from a server are not a RESP value this parser accepts: malformed input or a limit of
/// `RESPParserLimits` exceeded. After one, the parser is failed and throws the same error again.
public enum RESPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The first byte of a value is no RESP type marker.
    case unknownType(UInt8)
    /// A line ends in a CR not followed by LF, or holds a bare LF.
    case invalidLineEnding
    /// A header or simple line is longer than `RESPParserLimits.maximumLineLength` without its CRLF.
    case lineTooLong(limit: Int)
    /// An integer (`:`) is not a decimal signed 64-bit integer.
    case invalidInteger
    /// A length or count is not a decimal number (or a negative other than `-1` where null is allowed), or it
    /// overflows 64 bits.
    case invalidLength
    /// A bulk string, bulk error or verbatim string declares more than `RESPParserLimits.maximumBulkLength` bytes.
    case bulkTooLong(limit: Int)
    /// An aggregate declares more than `RESPParserLimits.maximumElementCount` elements (pairs for a map).
    case tooManyElements(limit: Int)
    /// Aggregates nest deeper than `RESPParserLimits.maximumDepth`.
    case nestingTooDeep(limit: Int)
    /// One reply needs more than `RESPParserLimits.maximumReplyBytes` bytes (its part that arrived, or a bulk
    /// string's declared length).
    case replyTooLarge(limit: Int)
    /// A bulk payload is not followed by CRLF.
    case missingTerminator
    /// A boolean (`#`) is neither `t` nor `f`.
    case invalidBoolean
    /// A double (`,`) is not a decimal, `inf`, `-inf` or `nan`.
    case invalidDouble
    /// A big number (`(`) is not an optional sign followed by decimal digits.
    case invalidBigNumber
    /// A null (`_`) carries data.
    case invalidNull
    /// A verbatim string is shorter than four bytes, has no `:` after its three-byte format, or its format is not
    /// ASCII.
    case invalidVerbatimString
    /// A streamed string or aggregate (`$?`, `*?`, …), which this parser does not accept.
    case streamedTypeUnsupported

    /// What is wrong, in words.
    public var description: String {
        switch self {
        case .unknownType(let byte): "unknown RESP type byte 0x\(String(byte, radix: 16))"
        case .invalidLineEnding: "a line does not end in CRLF"
        case .lineTooLong(let limit): "a line is longer than \(limit) bytes"
        case .invalidInteger: "invalid integer"
        case .invalidLength: "invalid length or count"
        case .bulkTooLong(let limit): "a bulk value is longer than \(limit) bytes"
        case .tooManyElements(let limit): "an aggregate has more than \(limit) elements"
        case .nestingTooDeep(let limit): "aggregates nest deeper than \(limit)"
        case .replyTooLarge(let limit): "a reply is larger than \(limit) bytes"
        case .missingTerminator: "a bulk value is not followed by CRLF"
        case .invalidBoolean: "invalid boolean"
        case .invalidDouble: "invalid double"
        case .invalidBigNumber: "invalid big number"
        case .invalidNull: "a null carries data"
        case .invalidVerbatimString: "invalid verbatim string"
        case .streamedTypeUnsupported: "streamed RESP3 types are not supported"
        }
    }
}
