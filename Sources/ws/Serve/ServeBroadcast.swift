import Foundation
import WebSocketIO

/// `ws serve --mode broadcast`: every data message goes to every member of the sender's room (the sender
/// included), on this node and, with `--redis`, on every node sharing the Redis.
final class ServeBroadcast: Sendable {
    let hub: BroadcastHub

    init(hub: BroadcastHub) { self.hub = hub }

    /// Refuses upgrades that name no usable room (400 with the reason).
    func decideUpgrade(_ request: UpgradeRequest) -> UpgradeDecision {
        switch ServeRoom.name(of: request) {
        case .success: .accept
        case .failure(let error): .reject(status: 400, reason: "Bad Request", body: error.reason + "\n")
        }
    }

    /// The delegate of one connection.
    func makeDelegate() -> any WebSocketChannelDelegate { ServeBroadcastDelegate(hub: hub) }

    /// The hub's and the backplane's counters and the rooms' sizes (`?room=NAME` adds that room even when this
    /// node has no member in it), for `GET /stats` (`ServeStats`).
    func stats(room: String?) -> [String: Any] {
        let counters = hub.counters
        var rooms = hub.localMemberCounts()
        if let room, rooms[room] == nil { rooms[room] = 0 }
        let cluster = hub.backplane?.clusterMemberCounts()
        var json: [String: Any] = [
            "node": hub.nodeID,
            "hub": [
                "published": counters.published, "received": counters.received, "lost": counters.lost,
                "duplicatesDropped": counters.duplicatesDropped, "envelopesRejected": counters.envelopesRejected,
                "lastRejection": counters.lastRejection.map { "\($0)" } ?? NSNull(),
            ] as [String: Any],
            "rooms": rooms.keys.sorted().prefix(1000).map { name -> [String: Any] in
                ["room": name, "local": rooms[name] ?? 0, "cluster": cluster?[name] ?? rooms[name] ?? 0]
            },
        ]
        if let backplane = hub.backplane {
            let status = backplane.status
            json["backplane"] = [
                "connected": status.isConnected, "state": status.state, "reconnects": status.reconnects,
                "sent": status.publicationsSent, "dropped": status.publicationsDropped,
            ] as [String: Any]
        }
        return json
    }
}

/// Joins the connection's room when it opens and publishes each message it sends to that room.
final class ServeBroadcastDelegate: WebSocketChannelDelegate {
    let hub: BroadcastHub
    private var room = ServeRoom.lobby

    init(hub: BroadcastHub) { self.hub = hub }

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        if let request = channel.request, case .success(let name) = ServeRoom.name(of: request) { room = name }
        hub.join(channel, room: room)
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        hub.publish(message, to: room)
    }
}
