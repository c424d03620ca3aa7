/// The limits a `RESPParser` enforces on what a server sends, each checked before memory is committed: a declared
/// length or count is compared with its limit when its header arrives, and storage then grows only with the bytes
/// that actually arrived.
public struct RESPParserLimits: Hashable, Sendable {
    /// The longest bulk string, bulk error or verbatim string, in bytes. Default: 512 MiB (Redis's own
    /// `proto-max-bulk-len`).
    public var maximumBulkLength: Int
    /// The most elements of one array, set or push frame, or pairs of one map or attribute. Default: 1,048,576.
    public var maximumElementCount: Int
    /// The deepest nesting of aggregates (a top-level array is depth 1). Default: 32.
    public var maximumDepth: Int
    /// The longest line (a simple string, an error, a number, a header) without its CRLF. Default: 64 KiB.
    public var maximumLineLength: Int
    /// The most bytes one reply may take on the wire (all its parts); bytes buffered for an incomplete reply never
    /// exceed it. Default: 512 MiB + 64 KiB.
    public var maximumReplyBytes: Int

    /// Limits with the defaults above; every value is clamped to at least 1.
    public init(
        maximumBulkLength: Int = 512 * 1024 * 1024, maximumElementCount: Int = 1 << 20, maximumDepth: Int = 32,
        maximumLineLength: Int = 64 * 1024, maximumReplyBytes: Int = 512 * 1024 * 1024 + 64 * 1024
    ) {
        self.maximumBulkLength = max(0, maximumBulkLength)
        self.maximumElementCount = max(0, maximumElementCount)
        self.maximumDepth = max(1, maximumDepth)
        self.maximumLineLength = max(1, maximumLineLength)
        self.maximumReplyBytes = max(1, maximumReplyBytes)
    }
}
