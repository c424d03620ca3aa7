import Foundation
import Synchronization
import WebSocketIO

/// `GET /stats` of `ws serve`, in both modes: the server's counters (connections, messages and bytes each way,
/// close codes) as JSON, and in broadcast mode the hub's, the backplane's and the rooms' (`ServeBroadcast.stats`).
/// The demo page polls it for its live counters.
final class ServeStats: Sendable {
    /// The rooms, in broadcast mode.
    let rooms: ServeBroadcast?
    /// The server, once it listens (the HTTP handler exists before the server does).
    private let server = Mutex<WebSocketServer?>(nil)

    init(rooms: ServeBroadcast?) { self.rooms = rooms }

    /// Gives the counters' source; called once the server listens.
    func attach(_ server: WebSocketServer) { self.server.withLock { $0 = server } }

    /// The JSON object: `mode`, `server` (the counters; zeros before `attach`), and in broadcast mode the rooms'
    /// fields with `room` listed even when empty.
    func object(room: String?) -> [String: Any] {
        var json = rooms?.stats(room: room) ?? [:]
        json["mode"] = rooms == nil ? "echo" : "broadcast"
        let counters = server.withLock { $0?.counters }
        json["server"] = [
            "connectionsOpen": counters?.connectionsOpen ?? 0, "connectionsTotal": counters?.connectionsTotal ?? 0,
            "messagesIn": counters?.messagesIn ?? 0, "messagesOut": counters?.messagesOut ?? 0,
            "bytesIn": counters?.bytesIn ?? 0, "bytesOut": counters?.bytesOut ?? 0,
            "closeCodes": Dictionary(uniqueKeysWithValues: (counters?.closeCodes ?? [:]).map { (String($0.key), $0.value) }),
        ] as [String: Any]
        return json
    }

    /// The response to `GET /stats[?room=NAME]`.
    func response(room: String?) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: object(room: room), options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponse(
            status: 200, reason: "OK", headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: Array(body))
    }
}
