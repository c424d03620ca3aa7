import RESP
import RedisClient
import Synchronization
import Transport
import WebSocketIO

/// A `BroadcastBackplane` on Redis pub/sub, so that `BroadcastHub`s in several processes or machines act as one:
/// each room is the channel `<namespace>room:<name>`; publications leave on one connection (`PUBLISH`, pipelined,
/// never awaited) and arrive on a second one in subscriber mode.
///
/// Both connections reconnect by themselves (capped exponential back-off with jitter, `RedisConfiguration.backoff`);
/// the subscriber subscribes every room again before it reports connected (`WS-BACKPLANE-RESUBSCRIBE`). While Redis
/// is away, or slower than `RedisConfiguration.maximumPendingBytes` allows, publications are dropped and counted
/// (`status.publicationsDropped`), never queued (`WS-BACKPLANE-BOUNDED`); local members got them already.
///
/// Room sizes across the cluster (`WS-BACKPLANE-ROOM-COUNTS`): see `RedisClusterRoomCounts`.
///
/// ```swift
/// let backplane = try RedisBackplane(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// let hub = try BroadcastHub(backplane: backplane, nodeID: "node-1")
/// ```
public final class RedisBackplane: BroadcastBackplane {
    /// The back-off for a backplane's connections: 50 ms doubling up to 1 s with full jitter, so that a node is
    /// back within a second of Redis coming back (`RedisConfiguration`'s general default waits up to 10 s).
    public static let reconnectBackoff = RedisBackoff(initialDelay: .milliseconds(50), maximumDelay: .seconds(1))

    /// The prefix of every channel and key this backplane uses, so that several clusters can share one Redis.
    public let namespace: String
    private let publisher: RedisConnection
    private let subscriber: RedisSubscriber
    private let hub = HubReference()
    private let roomCounts: RedisClusterRoomCounts

    /// A backplane on the Redis that `configuration` names (host, credentials, database, protocol version, limits).
    /// Returns at once; both connections are made in the background and remade after every failure.
    ///
    /// - Parameters:
    ///   - configuration: the Redis to use: URL, credentials, back-off, bounds, TLS for `rediss://`.
    ///   - namespace: prefix of channels and keys (default `ws:`).
    ///   - countsInterval: how often this node writes its rooms' sizes and reads the others' (default 2 s).
    ///   - countsExpiry: how long a node's sizes outlive its last write (default 10 s): a killed node's members
    ///     disappear from the cluster's counts after this.
    /// - Throws: `ConfigurationError` when the namespace is empty or the interval is not shorter than the expiry.
    public init(
        configuration: RedisConfiguration, namespace: String = "ws:", countsInterval: Duration = .seconds(2),
        countsExpiry: Duration = .seconds(10)
    ) throws(ConfigurationError) {
        guard !namespace.isEmpty else {
            throw ConfigurationError("namespace", "must not be empty")
        }
        guard countsInterval > .zero, countsInterval < countsExpiry else {
            throw ConfigurationError("countsInterval", "must be positive and shorter than countsExpiry")
        }
        self.namespace = namespace
        let loop = RedisEventLoops.shared.next()
        let hub = self.hub
        publisher = RedisConnection(configuration: configuration, on: loop)
        let prefix = namespace + "room:"
        subscriber = RedisSubscriber(configuration: configuration, on: loop) { message in
            guard message.channel.hasPrefix(prefix) else { return }
            hub.value?.receive(fromBackplane: message.payload)
        }
        roomCounts = RedisClusterRoomCounts(
            connection: publisher, hub: hub, loop: loop, namespace: namespace, interval: countsInterval, expiry: countsExpiry)
    }

    /// The Redis channel that carries `room`.
    public func channel(forRoom room: String) -> String { namespace + "room:" + room }

    public func attach(to hub: BroadcastHub) {
        self.hub.value = hub
        roomCounts.start()
    }

    public func subscribe(room: String) { subscriber.requestSubscribe([channel(forRoom: room)]) }

    public func unsubscribe(room: String) { subscriber.requestUnsubscribe([channel(forRoom: room)]) }

    public func publish(room: String, envelope: [UInt8]) { publisher.publish(envelope, to: channel(forRoom: room)) }

    public func clusterMemberCounts() -> [String: Int]? { roomCounts.latest }

    public var status: BroadcastBackplaneStatus {
        let (publishing, subscribing) = (publisher.state, subscriber.state)
        let (sent, received) = (publisher.counters, subscriber.counters)
        let connected = publishing.isConnected && subscribing.isConnected
        return BroadcastBackplaneStatus(
            isConnected: connected,
            state: connected ? "connected" : "publisher \(publishing), subscriber \(subscribing)",
            reconnects: sent.reconnects + received.reconnects,
            publicationsSent: sent.publishesSent, publicationsDropped: sent.publishesDropped)
    }

    /// Waits until both connections are up (and every room subscribed); returns nil then, or the error that ended
    /// the attempt in progress.
    public func waitUntilConnected() async -> RedisError? {
        if let error = await publisher.waitUntilConnected() { return error }
        return await subscriber.waitUntilConnected()
    }

    /// The counters of the publishing and the subscribed connection.
    public var redisCounters: (publisher: RedisCounters, subscriber: RedisCounters) {
        (publisher.counters, subscriber.counters)
    }

    public func shutdown() {
        roomCounts.stop()
        hub.value = nil
        let (publisher, subscriber) = (self.publisher, self.subscriber)
        Task {
            await subscriber.close()
            await publisher.close()
        }
    }
}
