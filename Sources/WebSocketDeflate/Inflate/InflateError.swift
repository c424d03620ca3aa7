/// Why a DEFLATE stream (RFC 1951) could not be decoded, or why decoding stopped.
///
/// Case names are stable. After an `Inflater` throws, it keeps throwing the same error until `reset()`.
public enum InflateError: Error, Hashable, Sendable {
    /// A block header has BTYPE 11, which RFC 1951 §3.2.3 reserves.
    case invalidBlockType
    /// A stored block's LEN is not the ones' complement of its NLEN (RFC 1951 §3.2.4).
    case storedLengthMismatch
    /// A dynamic block declares more than 286 literal/length codes or more than 30 distance codes
    /// (RFC 1951 §3.2.7).
    case tooManySymbols
    /// A set of Huffman code lengths is over-subscribed or incomplete (only a single one-bit code may be
    /// incomplete, for the literal/length and distance alphabets), RFC 1951 §3.2.2.
    case invalidCodeLengths
    /// A code-length repeat (symbols 16–18) has no previous length to repeat or runs past the declared
    /// number of lengths (RFC 1951 §3.2.7).
    case invalidRepeat
    /// A dynamic block gives the end-of-block symbol (256) no code (RFC 1951 §3.2.7).
    case missingEndOfBlock
    /// A literal/length code decodes to 286 or 287, or to no symbol (RFC 1951 §3.2.5).
    case invalidLiteralLengthSymbol
    /// A distance code decodes to 30 or 31, or the block has no distance codes (RFC 1951 §3.2.5).
    case invalidDistanceSymbol
    /// A match refers further back than the configured window or than the bytes decoded since the last
    /// reset (RFC 1951 §3.2.5, RFC 7692 §7.1.2).
    case distanceTooFarBack
    /// Producing the next byte would make the output longer than `limit` bytes. Nothing past the limit is
    /// produced or allocated.
    case outputLimitExceeded(limit: Int)
    /// The message ended inside a block: after the tail `00 00 ff ff` the stream is not at a block
    /// boundary (RFC 7692 §7.2.2).
    case truncated
}
