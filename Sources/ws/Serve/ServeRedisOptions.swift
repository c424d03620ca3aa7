import RedisClient
import WebSocketIO
import WebSocketRedis

/// `ws serve --mode broadcast --redis URL [--node-id ID] [--redis-namespace NS]`: the hub's Redis backplane.
enum ServeRedisOptions {
    static let valueOptions: Set<String> = ["redis", "node-id", "redis-namespace", "room-counts-interval-ms", "room-counts-expiry-ms", "ca"]

    static let usage = """
          --redis redis://[user:pass@]host:port[/db] (rediss:// with the TLS trait; --ca for its CA) joins this node
          to a cluster: a publication to a room reaches the room's members on every node; --node-id names this node
          (default: a random one); --redis-namespace prefixes channels and keys (default ws:). Redis away: local
          delivery goes on, cross-node publications are dropped and counted, the node reconnects on its own.
          Room sizes across nodes are written and read every 2000 ms (--room-counts-interval-ms) and a stopped
          node's expire after 10000 ms (--room-counts-expiry-ms).
      """

    /// The hub for `ws serve`: in process only, or on a Redis backplane when `--redis` is given; a member with more
    /// than `memberQueueBytes` waiting for it is disconnected.
    static func hub(_ options: CommandLineArguments, broadcast: Bool, memberQueueBytes: Int = 8 << 20) throws -> BroadcastHub {
        guard let url = options.value("redis") else {
            for name in ["node-id", "redis-namespace", "room-counts-interval-ms", "room-counts-expiry-ms"] where options.value(name) != nil {
                throw CommandLineArguments.ParseError(description: "--\(name) needs --redis")
            }
            return BroadcastHub(policy: .disconnect, maximumQueuedBytes: memberQueueBytes)
        }
        guard broadcast else { throw CommandLineArguments.ParseError(description: "--redis needs --mode broadcast") }
        let parsed: RedisURL
        do {
            parsed = try RedisURL(url)
        } catch {
            throw CommandLineArguments.ParseError(description: "--redis: \(error)")
        }
        var configuration = RedisConfiguration(
            url: parsed, security: parsed.isSecure ? try TLSOptions.redisSecurity(options) : nil)
        configuration.backoff = RedisBackplane.reconnectBackoff
        let backplane = try RedisBackplane(
            configuration: configuration, namespace: options.value("redis-namespace") ?? "ws:",
            countsInterval: .milliseconds(try options.int("room-counts-interval-ms") ?? 2000),
            countsExpiry: .milliseconds(try options.int("room-counts-expiry-ms") ?? 10_000))
        return try BroadcastHub(
            backplane: backplane, nodeID: options.value("node-id"), policy: .disconnect, maximumQueuedBytes: memberQueueBytes)
    }
}
