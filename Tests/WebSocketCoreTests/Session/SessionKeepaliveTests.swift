import Testing
import WebSocketCore

/// The close code a close frame carries.
func closeCode(_ frame: Frame) -> UInt16? {
    frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
}

@Suite struct SessionKeepaliveTests {
    func configuration(interval: Duration, timeout: Duration) -> SessionConfiguration {
        var configuration = SessionConfiguration()
        configuration.keepalive = KeepalivePolicy(interval: interval, timeout: timeout)
        configuration.extensionIdleMemoryRelease = nil
        return configuration
    }

    @Test("WS-SESSION-KEEPALIVE: a ping every interval; a pong in time keeps the connection, none closes it with 1011")
    func keepalive() throws {
        let h = try SessionHarness.openServer(configuration(interval: .seconds(20), timeout: .seconds(20)))
        #expect(h.timer == SessionInstant(.seconds(20)))
        h.advance(by: .seconds(20))
        let first = try h.takeFrames()
        #expect(first.map(\.header.opcode) == [.ping])
        // Answered in time: no close at 40 s, another ping instead.
        h.advance(by: .seconds(5))
        h.feed(clientFrame(.pong, first[0].payload))
        h.advance(by: .seconds(15))
        let second = try h.takeFrames()
        #expect(second.map(\.header.opcode) == [.ping])
        #expect(second[0].payload != first[0].payload, "each ping has a fresh payload")
        #expect(h.session.phase == .open)
        // Not answered: at 60 s (20 s after the unanswered ping) the session closes with 1011.
        h.advance(by: .seconds(20))
        let frames = try h.takeFrames()
        #expect(frames.map(\.header.opcode) == [.close])
        #expect(closeCode(frames[0]) == 1011)
        #expect(h.notices == [.keepaliveTimedOut(.seconds(20))])
        #expect(h.session.phase == .closing)
    }

    @Test("WS-SESSION-KEEPALIVE: the pong deadline runs from the oldest unanswered ping; later pings do not move it")
    func deadlineFromOldestPing() throws {
        let h = try SessionHarness.openServer(configuration(interval: .seconds(5), timeout: .seconds(12)))
        h.advance(by: .seconds(16))
        #expect(try h.takeFrames().map(\.header.opcode) == [.ping, .ping, .ping])
        #expect(h.session.phase == .open)
        h.advance(by: .seconds(1))  // 17 s = the first ping (5 s) + 12 s
        #expect(try h.takeFrames().map(\.header.opcode) == [.close])
        #expect(h.session.phase == .closing)
    }

    @Test("WS-SESSION-KEEPALIVE: a peer that answers every ping stays open for an hour of fake time")
    func answeringPeerStays() throws {
        let h = try SessionHarness.openClient(configuration(interval: .seconds(20), timeout: .seconds(20)))
        for _ in 0..<180 {
            h.advance(by: .seconds(20))
            for frame in try h.takeFrames() where frame.header.opcode == .ping {
                h.feed(serverFrame(.pong, frame.payload))
            }
        }
        #expect(h.session.phase == .open)
        #expect(h.notices.isEmpty)
    }

    @Test("WS-SESSION-PONG-ANSWERS-EARLIER: a pong answers its tracked ping and every earlier one")
    func pongAnswersEarlier() throws {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        let h = try SessionHarness.openServer(configuration)
        var tokens: [UInt64?] = []
        try h.call { session, _ in
            tokens.append(try session.ping([1], tracked: true))
            tokens.append(try session.ping([2], tracked: true))
            tokens.append(try session.ping([3], tracked: true))
            _ = try session.ping([9])
        }
        #expect(tokens == [1, 2, 3])
        h.feed(clientFrame(.pong, [2]))
        h.feed(clientFrame(.pong, [7]))
        h.feed(clientFrame(.pong, [3]))
        let answered = h.delivered.compactMap { if case .pingsAnswered(let token) = $0 { token } else { nil } }
        #expect(answered == [2, 3])
    }
}
