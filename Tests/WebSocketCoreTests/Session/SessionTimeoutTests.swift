import Testing
import WebSocketCore

@Suite struct SessionTimeoutTests {
    @Test("WS-SESSION-IDLE: nothing received for idleTimeout closes with 1001; bytes received move the deadline")
    func idle() throws {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        configuration.idleTimeout = .seconds(30)
        let h = try SessionHarness.openServer(configuration)
        h.advance(by: .seconds(10))
        h.feed(clientFrame(.text, Array("hi".utf8)))
        h.advance(by: .seconds(25))  // 35 s: 25 s since the last bytes
        #expect(h.session.phase == .open)
        #expect(try h.takeFrames().isEmpty)
        h.advance(by: .seconds(5))  // 40 s
        let frames = try h.takeFrames()
        #expect(frames.map(\.header.opcode) == [.close])
        #expect(closeCode(frames[0]) == 1001)
        #expect(h.notices == [.idleTimedOut(.seconds(30))])
    }

    @Test("WS-SESSION-WRITE-STALL: a full outbound buffer pauses reading; full for writeStallTimeout drops the transport")
    func writeStall() throws {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        configuration.writeStallTimeout = .seconds(30)
        let h = try SessionHarness.openServer(configuration)
        h.call { session, now in session.writabilityChanged(isWritable: false, now: now) }
        #expect(h.readingPaused)
        h.advance(by: .seconds(20))
        h.call { session, now in session.writabilityChanged(isWritable: true, now: now) }
        #expect(!h.readingPaused)
        h.advance(by: .seconds(20))  // the first stall ended in time
        #expect(!h.aborted)
        h.call { session, now in session.writabilityChanged(isWritable: false, now: now) }
        h.advance(by: .seconds(30))
        #expect(h.aborted)
        #expect(h.notices == [.writeStalled(.seconds(30))])
        h.call { session, now in session.transportClosed(now: now) }
        #expect(h.closures.map(\.code) == [.abnormalClosure])
    }

    @Test("WS-SESSION-CLOSE-TIMEOUT: after our close, no close from the peer within closeTimeout drops the transport")
    func closeTimeout() throws {
        let h = try SessionHarness.openClient()
        try h.call { session, now in try session.close(code: .normalClosure, now: now) }
        #expect(try h.takeFrames().map(\.header.opcode) == [.close])
        #expect(h.session.phase == .closing)
        h.advance(by: .seconds(4))
        #expect(!h.aborted)
        h.advance(by: .seconds(1))
        #expect(h.aborted)
        #expect(h.notices == [.closeTimedOut])
        h.call { session, now in session.transportClosed(now: now) }
        #expect(h.closures.map(\.code) == [.abnormalClosure])
    }

    @Test("WS-SESSION-HANDSHAKE-TIMEOUT: a request that never completes, or a decision never made, ends the handshake")
    func handshakeTimeout() throws {
        for decideNever in [false, true] {
            let reader = try ServerHandshakeReader()
            let h = SessionHarness(try WebSocketSession(server: reader, now: .origin))
            h.call { session, now in session.start(now: now) }
            let request = try ClientHandshakeDriver(handshake: ClientHandshake(host: "example.com")).requestBytes
            h.feed(decideNever ? request : Array(request.prefix(20)))
            if decideNever {
                #expect(h.delivered.contains { if case .upgradeRequested = $0 { true } else { false } })
                #expect(h.readingPaused, "reading pauses while the application decides")
            }
            h.advance(by: .seconds(9))
            #expect(!h.aborted)
            h.advance(by: .seconds(1))
            #expect(h.aborted)
            #expect(h.delivered.contains { if case .handshakeFailed(.timedOut) = $0 { true } else { false } })
            h.call { session, now in session.transportClosed(now: now) }
            #expect(h.closures.isEmpty, "a session that never opened delivers no closure")
        }
    }
}
