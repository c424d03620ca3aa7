import Foundation
import Testing
@testable import WebSocketIO
@testable import ws

@Suite("ws serve --mode broadcast", .timeLimit(.minutes(1)))
struct ServeBroadcastTests {
    @Test("WS-SERVE-BROADCAST-ROOMS: rooms come from ?room= or /room/NAME; bad paths and names are refused with 400; /stats reports rooms")
    func rooms() async throws {
        func room(_ path: String, _ query: String? = nil) -> String? {
            try? ServeRoom.name(path: path, query: query).get()
        }
        #expect(room("/") == "lobby")
        #expect(room("/room/a%20b") == "a b")
        #expect(room("/room/caf%C3%A9") == "café")
        #expect(room("/anything", "x") == "x")
        #expect(room("/other") == nil)
        #expect(room("/room/") == nil)
        #expect(room("/room/" + String(repeating: "x", count: 101)) == nil)
        #expect(room("/room/a%0Ab") == nil)

        let hub = BroadcastHub()
        let rooms = ServeBroadcast(hub: hub)
        let server = try TestServer.callback(
            decideUpgrade: rooms.decideUpgrade, makeDelegate: { _ in rooms.makeDelegate() })
        try await withServer(server) { server in
            let a1 = try await server.connect("/room/a")
            let a2 = try await server.connect("/?room=a")
            let lobby = try await server.connect("/")
            try await eventually("the rooms joined") { hub.subscriberCount(room: "a") == 2 && hub.subscriberCount(room: "lobby") == 1 }
            try await a1.send(text: "hi a")
            #expect(try await a1.nextMessage() == .text("hi a"), "the sender is a member too")
            #expect(try await a2.nextMessage() == .text("hi a"))
            try await lobby.send(text: "hi lobby")
            #expect(try await lobby.nextMessage() == .text("hi lobby"))
            try await a1.send(text: "second")
            #expect(try await a2.nextMessage() == .text("second"), "the lobby's message did not reach room a")
            do {
                _ = try await server.connect("/elsewhere")
                Issue.record("a path without a room was upgraded")
            } catch let error as WebSocketConnectError {
                guard case .handshake(.rejected(.unexpectedStatus(400, _))) = error else { Issue.record("unexpected \(error)"); return }
            }
            let stats = ServeStats(rooms: rooms).response(room: "empty")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.body)) as? [String: Any])
            let listed = try #require(json["rooms"] as? [[String: Any]])
            #expect(listed.map { $0["room"] as? String } == ["a", "empty", "lobby"])
            #expect(listed.first?["local"] as? Int == 2)
            #expect((json["hub"] as? [String: Any])?["published"] as? Int == 3)
        }
    }
}
