import Testing
import WebSocketCore

/// What the core counts for metrics (`ConnectionTraffic`, `Spec/metrics.md`).
@Suite struct ConnectionTrafficTests {
    @Test("WS-METRICS-TRAFFIC: the core counts messages and payload bytes by type, whole or streamed, a fragmented message once, pings, automatic pongs and closes")
    func counts() throws {
        for streamed in [false, true] {
            var configuration = ConnectionConfiguration()
            if streamed { configuration.messageDelivery = .streamed(maximumChunkSize: 16) }
            var sessionConfiguration = SessionConfiguration()
            sessionConfiguration.keepalive = nil
            let session = try WebSocketSession(
                open: try Connection.established(role: .server, configuration: configuration),
                configuration: sessionConfiguration, now: .origin)
            func receive(_ bytes: [UInt8]) {
                bytes.withUnsafeBytes { session.receive($0, now: .origin) }
                while session.nextAction() != nil {}
            }
            receive(
                clientFrame(.text, Array("hé".utf8), fin: false) + clientFrame(.ping, [1]) + clientFrame(.continuation, Array("llo".utf8))
                    + clientFrame(.binary, Array(repeating: 7, count: 40)))
            try session.send(.binary([1, 2, 3]))
            try session.beginFragmentedMessage(.text, Array("ab".utf8))
            try session.continueFragmentedMessage(Array("cd".utf8), isFinal: false)
            try session.continueFragmentedMessage(Array("e".utf8), isFinal: true)
            try session.send(prepared: PreparedFrame(.text("prepared")))
            try session.pong()
            try session.ping([2])
            while session.nextAction() != nil {}
            receive(clientFrame(.close, ClosePayload.normal.bytes))

            var received = ConnectionTraffic.Direction()
            received.textMessages = 1
            received.textBytes = "héllo".utf8.count
            received.binaryMessages = 1
            received.binaryBytes = 40
            received.pings = 1
            received.closes = 1
            var sent = ConnectionTraffic.Direction()
            sent.textMessages = 2
            sent.textBytes = 5 + "prepared".utf8.count
            sent.binaryMessages = 1
            sent.binaryBytes = 3
            sent.pings = 1
            sent.pongs = 2
            sent.closes = 1
            #expect(session.traffic.received == received, "streamed: \(streamed)")
            #expect(session.traffic.sent == sent, "streamed: \(streamed)")
            #expect(session.traffic.since(ConnectionTraffic()) == session.traffic)
            #expect(session.traffic.since(session.traffic) == ConnectionTraffic())
            session.transportClosed(now: .origin)
            #expect(session.traffic.received == received, "kept after the close")
        }
    }
}
