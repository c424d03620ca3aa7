/// The limits a connection enforces on what its peer sends. Every buffer the core keeps is bounded by one of them.
public struct Limits: Sendable, Hashable {
    /// The largest frame payload accepted, in bytes; a longer declared length fails the connection with 1009 as soon
    /// as the header is read, before any payload is buffered. Default 16 MiB.
    public var maximumFrameSize: Int = 16 << 20
    /// The largest message accepted, in bytes after any extension's decoding (for permessage-deflate: decompressed
    /// bytes); exceeding it fails the connection with 1009. Default 16 MiB.
    public var maximumMessageSize: Int = 16 << 20
    /// The most frames one message may arrive in, so that a flood of tiny or empty fragments cannot keep the
    /// connection busy forever. Default 65,536.
    public var maximumFragmentsPerMessage: Int = 65_536
    /// The largest HTTP upgrade request or response head, in bytes. Default 16 KiB.
    public var maximumHandshakeSize: Int = 16 << 10
    /// The most header fields in an HTTP upgrade request or response head. Default 100.
    public var maximumHeaderCount: Int = 100
    /// What to do with payload lengths that are not in their minimal form. Default: reject.
    public var nonMinimalLengths: NonMinimalLengthPolicy = .reject

    /// The default limits.
    public init() {}

    /// Checks that every limit is positive and that the frame limit does not exceed what an `Int` can index.
    public func validate() throws(ConfigurationError) {
        if maximumFrameSize < 1 { throw ConfigurationError("maximumFrameSize", "must be at least 1") }
        if maximumMessageSize < 1 { throw ConfigurationError("maximumMessageSize", "must be at least 1") }
        if maximumFragmentsPerMessage < 1 { throw ConfigurationError("maximumFragmentsPerMessage", "must be at least 1") }
        if maximumHandshakeSize < 64 { throw ConfigurationError("maximumHandshakeSize", "must be at least 64") }
        if maximumHeaderCount < 1 { throw ConfigurationError("maximumHeaderCount", "must be at least 1") }
    }
}
