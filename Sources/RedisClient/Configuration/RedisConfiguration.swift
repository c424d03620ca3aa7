import RESP
import Transport

/// Everything a `RedisConnection` or `RedisSubscriber` needs: where to connect, how to authenticate, and the
/// bounds and timers that keep a slow or dead Redis from costing unbounded memory or hanging the caller.
public struct RedisConfiguration: Sendable {
    /// Host, port, credentials and database (from a `redis://` or `rediss://` URL).
    public var url: RedisURL
    /// The protocol to ask for: `.resp3` sends `HELLO 3` and falls back to RESP2 when the server refuses it;
    /// `.resp2` sends no `HELLO`. Default: `.resp3`.
    public var protocolVersion: RedisProtocolVersion
    /// The limit for one connect attempt (name resolution and TCP). Default: 5 s.
    public var connectTimeout: Duration
    /// How often a ready connection sends `PING`; nil sends none. Default: 5 s.
    public var pingInterval: Duration?
    /// How long a `PING` may go unanswered before the connection is dropped (`RedisError.pingTimeout`) and
    /// re-established. Default: 5 s.
    public var pingTimeout: Duration
    /// The delays between reconnection attempts. Default: 100 ms doubling up to 10 s, full jitter.
    public var backoff: RedisBackoff
    /// The seed of the jitter's random source; nil (the default) uses the system's random numbers. A seed makes the
    /// delays reproducible (tests).
    public var randomSeed: UInt64?
    /// The most bytes of commands sent and not yet answered (what sits in our buffer, the kernel's and Redis's
    /// input): a `publish` beyond it is dropped and counted, a `send` beyond it fails with
    /// `RedisError.outboundBufferFull` (one command alone may exceed it). Default: 4 MiB.
    public var maximumPendingBytes: Int
    /// The parser's limits on replies. Default: bulk strings up to 64 MiB, replies up to 64 MiB + 64 KiB, 1 Mi
    /// elements per aggregate, depth 32, lines up to 64 KiB.
    public var parserLimits: RESPParserLimits
    /// How many messages a subscriber's `messages` stream holds for a slow reader; later messages are dropped and
    /// counted (`RedisCounters.messagesDropped`). Default: 4,096.
    public var messageBufferLimit: Int
    /// The TLS layer for `rediss://` (for example `TLSClientSecurity` of the package's TLS module); required for
    /// `rediss://`, ignored for `redis://`.
    public var security: (any StreamSecurity)?

    /// A configuration for `url` with the defaults above.
    public init(url: RedisURL, security: (any StreamSecurity)? = nil) {
        self.url = url
        self.security = security
        protocolVersion = .resp3
        connectTimeout = .seconds(5)
        pingInterval = .seconds(5)
        pingTimeout = .seconds(5)
        backoff = RedisBackoff()
        randomSeed = nil
        maximumPendingBytes = 4 * 1024 * 1024
        parserLimits = RESPParserLimits(
            maximumBulkLength: 64 * 1024 * 1024, maximumReplyBytes: 64 * 1024 * 1024 + 64 * 1024)
        messageBufferLimit = 4096
    }

    /// A configuration for the URL `string` with the defaults above.
    /// - Throws: `RedisURLError` when the URL is malformed.
    public init(url string: String, security: (any StreamSecurity)? = nil) throws(RedisURLError) {
        self.init(url: try RedisURL(string), security: security)
    }
}
