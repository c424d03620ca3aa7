import Testing
import WebSocketCore

@Suite struct SessionFlowTests {
    @Test("WS-SESSION-ACTIONS: an echo of a message is one write, and an input that keeps the deadlines arms no timer")
    func actions() throws {
        let h = try SessionHarness.openServer()
        h.onEvent = { event, harness in
            if case .message(let message) = event { try? harness.session.send(message) }
        }
        #expect(h.performed.count == 2, "opened, then the keepalive timer: \(h.performed)")
        h.performed = []
        h.feed(clientFrame(.text, Array("a".utf8)) + clientFrame(.binary, [1, 2]))
        let kinds = h.performed.map { action -> String in
            switch action {
            case .deliver: "deliver"
            case .write: "write"
            default: "other"
            }
        }
        #expect(kinds == ["deliver", "deliver", "write"])
        #expect(try h.takeFrames().map(\.header.opcode) == [.text, .binary])
    }

    @Test("WS-SESSION-NO-INTERLEAVE: a prepared frame sent during a fragmented send follows its final fragment")
    func noInterleave() throws {
        let h = try SessionHarness.openServer()
        try h.call { session, _ in
            try session.beginFragmentedMessage(.text, Array("a".utf8))
            try session.send(prepared: PreparedFrame(.binary([9])))
            try session.continueFragmentedMessage(Array("b".utf8), isFinal: false)
            try session.continueFragmentedMessage(Array("c".utf8), isFinal: true)
        }
        #expect(try h.takeFrames().map(\.header.opcode) == [.text, .continuation, .continuation, .binary])
        let client = try SessionHarness.openClient()
        #expect(throws: SessionSendError.usage(.preparedFrameOnClient)) {
            try client.session.send(prepared: PreparedFrame(.binary([9])))
        }
    }

    @Test("WS-SESSION-UPGRADE-PENDING: reading pauses while the application decides; frames read meanwhile are kept")
    func upgradePending() throws {
        let h = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), now: .origin))
        h.call { session, now in session.start(now: now) }
        let request = try ClientHandshakeDriver(handshake: ClientHandshake(host: "example.com")).requestBytes
        h.feed(request + clientFrame(.text, Array("early".utf8)))
        #expect(h.readingPaused)
        #expect(h.delivered.contains { if case .upgradeRequested = $0 { true } else { false } })
        h.feed(clientFrame(.text, Array("late".utf8)))  // a read already under way
        h.advance(by: .seconds(3))
        try h.call { session, now in try session.accept(now: now) }
        #expect(!h.readingPaused)
        let messages = h.delivered.compactMap { if case .message(let m) = $0 { String(decoding: m.bytes, as: UTF8.self) } else { nil } }
        #expect(messages == ["early", "late"])
        #expect(String(decoding: h.written.prefix(12), as: UTF8.self) == "HTTP/1.1 101")
        #expect(h.session.phase == .open)
    }

    @Test("WS-UPGRADE-ASYNC-INPUT: while a decision waits, bytes a read under way brings are kept up to the handshake size limit; more drop the connection")
    func pendingInputIsBounded() throws {
        var configuration = SessionConfiguration()
        configuration.connection.limits.maximumHandshakeSize = 1024
        let request = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let whole = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), configuration: configuration, now: .origin))
        whole.feed(Array(request.utf8) + [UInt8](repeating: 0, count: 2000))
        #expect(whole.readingPaused && !whole.aborted, "the request's own read is kept whole")
        let h = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), configuration: configuration, now: .origin))
        h.feed(Array(request.utf8) + [UInt8](repeating: 0, count: 500))
        h.feed([UInt8](repeating: 0, count: 400))
        #expect(!h.aborted, "900 bytes kept")
        h.feed([UInt8](repeating: 0, count: 200))
        #expect(h.aborted, "past the limit while waiting")
        #expect(throws: SessionSendError.self) { try h.session.accept(now: h.now) }
    }

    @Test("WS-SESSION-HTTP: a plain request is handed to the application, whose answer is written before the close")
    func plainHTTP() throws {
        let h = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), now: .origin))
        h.feed(Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        guard case .httpRequest(let head)? = h.delivered.last else {
            Issue.record("expected an httpRequest, got \(h.delivered)")
            return
        }
        #expect(head.target == "/health")
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: ""), now: now) }
        #expect(String(decoding: h.written, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        #expect(h.closeRequested)

        let bad = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), now: .origin))
        bad.feed(Array("NOT HTTP\r\n\r\n".utf8))
        #expect(String(decoding: bad.written, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        #expect(bad.closeRequested)
        #expect(bad.delivered.contains { if case .handshakeFailed(.rejected) = $0 { true } else { false } })
    }
}
