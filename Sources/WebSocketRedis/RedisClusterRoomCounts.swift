import RESP
import RedisClient
import Synchronization
import Transport
import WebSocketIO

/// The members of each room across every node, eventually consistent (`WS-BACKPLANE-ROOM-COUNTS`).
///
/// Every `interval` a node writes its local room sizes to the hash `<namespace>node:<id>` (room → members; rooms it
/// left are deleted from it), sets the hash to expire after `expiry`, and adds its id to the set `<namespace>nodes`;
/// then it reads every listed node's hash and sums them per room. A node that stops writing (shut down, killed,
/// cut off) drops out when its hash expires; the first reader that finds it gone removes it from the set. No
/// transaction is needed: a node's hash is only ever updated in place, never deleted and rewritten, so a reader sees
/// either the previous or the next count of a room.
final class RedisClusterRoomCounts: Sendable {
    private let connection: RedisConnection
    private let hub: HubReference
    private let loop: EventLoop
    private let namespace: String
    private let interval: Duration
    private let expiry: Duration
    private let state = Mutex(State())

    private struct State {
        var written: Set<String> = []
        var latest: [String: Int]? = nil
        var timer: EventLoopScheduledTask? = nil
        var stopped = false
    }

    init(connection: RedisConnection, hub: HubReference, loop: EventLoop, namespace: String, interval: Duration, expiry: Duration) {
        self.connection = connection
        self.hub = hub
        self.loop = loop
        self.namespace = namespace
        self.interval = interval
        self.expiry = expiry
    }

    /// The cluster's room sizes as last read; nil before the first read succeeded.
    var latest: [String: Int]? { state.withLock { $0.latest } }

    /// Starts refreshing for the attached hub (at once, then every `interval`).
    func start() {
        schedule(after: .zero)
    }

    /// Stops refreshing (this node's hash then expires on its own).
    func stop() {
        state.withLock {
            $0.stopped = true
            $0.timer?.cancel()
            $0.timer = nil
        }
    }

    private func schedule(after delay: Duration) {
        let task = loop.scheduleTask(in: delay) { [weak self] in
            guard let self else { return }
            Task { await self.refresh() }
        }
        state.withLock {
            if $0.stopped { task.cancel() } else { $0.timer = task }
        }
    }

    private func refresh() async {
        guard !state.withLock({ $0.stopped }), let hub = hub.value else { return }
        do {
            try await write(hub.localMemberCounts(), node: hub.nodeID)
            let cluster = try await read()
            state.withLock { $0.latest = cluster }
        } catch {
            // Redis is away: the last counts stay; the next round tries again (the connection reconnects itself).
        }
        schedule(after: interval)
    }

    private var nodesKey: String { namespace + "nodes" }
    private func nodeKey(_ node: String) -> String { namespace + "node:" + node }

    /// Writes this node's sizes: update in place, delete rooms it left, refresh the expiry, list the node.
    private func write(_ local: [String: Int], node: String) async throws(RedisError) {
        let key = nodeKey(node)
        let gone = state.withLock { $0.written.subtracting(local.keys) }
        if !local.isEmpty {
            var command: RESPCommand = ["HSET", key]
            for (room, count) in local.sorted(by: { $0.key < $1.key }) {
                command.append(room)
                command.append(String(count))
            }
            _ = try await connection.send(command)
        }
        if !gone.isEmpty { _ = try await connection.send(RESPCommand(["HDEL", key] + gone.sorted())) }
        let milliseconds = max(1, Int(expiry / .milliseconds(1)))
        _ = try await connection.send("PEXPIRE", key, String(milliseconds))
        _ = try await connection.send("SADD", nodesKey, node)
        state.withLock { $0.written = Set(local.keys) }
    }

    /// Reads every listed node's sizes and sums them per room; forgets nodes whose hash expired.
    private func read() async throws(RedisError) -> [String: Int] {
        let nodes = try await connection.send("SMEMBERS", nodesKey).elements?.compactMap(\.string) ?? []
        var cluster: [String: Int] = [:]
        for node in nodes {
            let entries = try await connection.send("HGETALL", nodeKey(node)).entries ?? []
            if entries.isEmpty {
                _ = try await connection.send("SREM", nodesKey, node)
                continue
            }
            for entry in entries {
                guard let room = entry.key.string else { continue }
                let count = entry.value.string.flatMap { Int($0) } ?? 0
                if count > 0 { cluster[room, default: 0] += count }
            }
        }
        return cluster
    }
}
