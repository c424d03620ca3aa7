import Testing
import WebSocketCore

@Suite struct SessionCloseTests {
    @Test("WS-SESSION-TCP-CLOSE-ORDER: the server closes TCP once its close reply is written, and drops a peer that stays")
    func serverClosesFirst() throws {
        let h = try SessionHarness.openServer()
        h.feed(clientFrame(.close, [0x03, 0xE8]))
        #expect(try h.takeFrames().map(\.header.opcode) == [.close])
        #expect(h.closeRequested)
        #expect(h.session.phase == .closed)
        h.advance(by: .seconds(5))
        #expect(h.aborted, "a peer that never reads the close nor goes away is dropped after closeTimeout")
    }

    @Test("WS-SESSION-TCP-CLOSE-ORDER: a client waits for the server's TCP close, up to closeTimeout")
    func clientWaits() throws {
        let h = try SessionHarness.openClient()
        try h.call { session, now in try session.close(now: now) }
        h.feed(serverFrame(.close, [0x03, 0xE8]))
        #expect(!h.closeRequested, "a client does not close TCP first after a clean close")
        h.call { session, now in session.endOfStream(now: now) }
        #expect(h.closeRequested)
        h.call { session, now in session.transportClosed(now: now) }
        #expect(h.closures.map(\.code) == [.normalClosure])
        #expect(h.closures.first?.wasClean == true)

        let waiting = try SessionHarness.openClient()
        try waiting.call { session, now in try session.close(now: now) }
        waiting.feed(serverFrame(.close, [0x03, 0xE8]))
        waiting.advance(by: .seconds(5))
        #expect(waiting.aborted, "a server that never closes TCP is dropped after closeTimeout")
    }

    @Test("WS-SESSION-TCP-CLOSE-ORDER: a client closes TCP at once after the server's violation")
    func clientClosesAfterViolation() throws {
        let h = try SessionHarness.openClient()
        h.feed(clientFrame(.text, [0x41]))  // masked: servers must not mask
        #expect(try h.takeFrames().map(\.header.opcode) == [.close])
        #expect(h.closeRequested)
        #expect(h.notices.count == 1)
    }

    @Test("WS-SESSION-HELD-INPUT: replies to messages before a close in the same input go out before the close reply")
    func heldInput() throws {
        let h = try SessionHarness.openServer()
        h.onEvent = { event, harness in
            if case .message(let message) = event { try? harness.session.send(message) }
        }
        h.feed(clientFrame(.text, Array("one".utf8)) + clientFrame(.text, Array("two".utf8)) + clientFrame(.close, [0x03, 0xE8]))
        let frames = try h.takeFrames()
        #expect(frames.map(\.header.opcode) == [.text, .text, .close])
        #expect(frames.prefix(2).map { String(decoding: $0.payload, as: UTF8.self) } == ["one", "two"])
        #expect(h.closeRequested)
        // The replies left in one write, the close reply in the next.
        let writes = h.performed.compactMap { if case .write(let chunks) = $0 { chunks.joined().count } else { nil } }
        #expect(writes.count == 2)
    }

    @Test("WS-SESSION-CLOSE-CODE: a close code that may not be sent, or a long reason, is a typed error and sends nothing")
    func closeCodeValidation() throws {
        let h = try SessionHarness.openServer()
        for code: UInt16 in [1005, 1006, 1015, 999, 0, 1016, 2999, 5000] {
            #expect(throws: SessionSendError.usage(.closeCodeNotSendable(code))) {
                try h.session.close(code: CloseCode(code), now: h.now)
            }
        }
        #expect(throws: SessionSendError.usage(.closeReasonTooLong(124))) {
            try h.session.close(code: .normalClosure, reason: String(repeating: "x", count: 124), now: h.now)
        }
        h.drain()
        #expect(h.written.isEmpty)
        #expect(h.session.phase == .open)
        try h.call { session, now in try session.close(code: CloseCode(4000), reason: "bye", now: now) }
        let frames = try h.takeFrames()
        #expect(frames.map(\.header.opcode) == [.close])
        #expect(closeCode(frames[0]) == 4000)
    }

    @Test("WS-SESSION-EOF: the end of the peer's stream on an open connection reports 1006 and closes the transport")
    func endOfStream() throws {
        let h = try SessionHarness.openServer()
        h.call { session, now in session.endOfStream(now: now) }
        #expect(h.closeRequested)
        #expect(h.session.phase == .closed)
        h.call { session, now in session.transportClosed(now: now) }
        #expect(h.closures.map(\.code) == [.abnormalClosure])
    }

    @Test("WS-SESSION-CLOSED-ONCE: closed is delivered once, when the transport is gone, and nothing after it")
    func closedOnce() throws {
        let h = try SessionHarness.openServer()
        h.feed(clientFrame(.close, [0x03, 0xE9]))
        #expect(h.closures.isEmpty, "not before the transport is gone")
        h.call { session, now in session.transportClosed(now: now) }
        h.call { session, now in session.transportClosed(now: now) }
        h.feed(clientFrame(.text, [0x41]))
        #expect(h.closures.map(\.code) == [.goingAway])
        if case .closed = h.delivered.last {} else { Issue.record("closed is the last event") }
    }
}
