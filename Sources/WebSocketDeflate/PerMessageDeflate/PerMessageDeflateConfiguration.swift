import WebSocketCore

/// What permessage-deflate (RFC 7692) offers, accepts and does with messages, for a client or a server.
///
/// Window sizes are given as log2 of the LZ77 window in bytes (8 through 15) and are also the memory caps: the
/// deflater and inflater of a connection are sized by the negotiated windows (see
/// `PerMessageDeflate.memoryPerConnection(settings:role:level:)`). The decompressed size of a message is capped by
/// the connection's `Limits.maximumMessageSize`, exactly.
public struct PerMessageDeflateConfiguration: Sendable, Hashable {
    /// How hard outgoing messages are compressed. Default `.default` (level 6, about zlib's level 6).
    public var level: DeflateLevel = .default

    /// The largest window the server compresses with (`server_max_window_bits`), 8–15. Default 15.
    ///
    /// Server: the window it compresses with at most; a response carries `server_max_window_bits` when this is
    /// below 15 or the client asked for a limit. Client: below 15, offered as `server_max_window_bits=N`, which
    /// also caps the client's inflater (a server that cannot comply declines the extension).
    public var serverMaxWindowBits = 15

    /// The largest window the client compresses with (`client_max_window_bits`), 8–15. Default 15.
    ///
    /// Client: offered as `client_max_window_bits` without a value at 15 (the client accepts any limit the
    /// server names) and as `client_max_window_bits=N` below. Server: below 15, it caps the server's inflater, so an
    /// offer without `client_max_window_bits` (whose client could not be limited) is declined.
    public var clientMaxWindowBits = 15

    /// Whether the server starts every message with an empty window (`server_no_context_takeover`). Default false.
    ///
    /// Server: answered in every response. Client: offered (the server must confirm it).
    public var serverNoContextTakeover = false

    /// Whether the client starts every message with an empty window (`client_no_context_takeover`). Default false.
    ///
    /// Server: answered in every response (it is also answered whenever the client offers it). Client: offered as a
    /// hint, and honoured whatever the response says.
    public var clientNoContextTakeover = false

    /// Messages shorter than this many bytes are sent uncompressed (RSV1 clear). Default 128: below that the
    /// block header and the per-message work usually cost more than they save. 0 compresses every message.
    public var compressionThreshold = 128

    /// Whether a direction without context takeover frees its deflater or inflater after each message and
    /// allocates it again for the next one. Default false: the codec stays allocated once first used (cheaper per
    /// message). True: an idle connection holds no codec memory in such a direction, at the cost of an allocation
    /// (and its zeroing) per message.
    public var releasesMemoryBetweenMessages = false

    /// The defaults: level 6, windows of 2^15 bytes both ways, context takeover both ways, 128-byte threshold.
    public init() {}

    /// The windows accepted: 8 through 15.
    public static let windowBitsRange = 8...15

    /// Checks that both window sizes are 8 through 15 and the threshold is not negative.
    public func validate() throws(ConfigurationError) {
        guard Self.windowBitsRange.contains(serverMaxWindowBits), Self.windowBitsRange.contains(clientMaxWindowBits) else {
            throw ConfigurationError("serverMaxWindowBits and clientMaxWindowBits", "must be 8 through 15")
        }
        guard compressionThreshold >= 0 else {
            throw ConfigurationError("compressionThreshold", "must not be negative")
        }
    }

    /// The configuration with out-of-range values clamped (windows to 8...15, the threshold to at least 0).
    var clamped: PerMessageDeflateConfiguration {
        var copy = self
        copy.serverMaxWindowBits = min(max(serverMaxWindowBits, 8), 15)
        copy.clientMaxWindowBits = min(max(clientMaxWindowBits, 8), 15)
        copy.compressionThreshold = max(compressionThreshold, 0)
        return copy
    }
}
