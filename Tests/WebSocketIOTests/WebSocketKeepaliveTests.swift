import Testing
@testable import WebSocketIO

@Suite("WebSocket keepalive", .timeLimit(.minutes(1)))
struct WebSocketKeepaliveTests {
    static let interval: Duration = .milliseconds(100)

    static func keepalive(timeout: Duration) -> WebSocketConfiguration {
        makeConfiguration { $0.keepalive = .init(interval: interval, timeout: timeout) }
    }

    @Test("WS-KEEPALIVE: the server pings at the interval; a peer that answers stays open")
    func pingsAtInterval() async throws {
        let delegates = ServerDelegates()
        let server = try TestServer.callback(
            configuration: Self.keepalive(timeout: .seconds(2)), makeDelegate: delegates.makeDelegate)
        try await withServer(server) { server in
            let client = RecordingDelegate()
            let channel = try await server.connect(delegate: client)
            let seen = try await client.events.wait("five pings") { $0.pings.count >= 5 }
            // Pings come one interval apart: timers never fire early (allow one interval of delivery jitter).
            let opened = try #require(seen.openedAt)
            #expect(seen.pingTimes[4] - seen.pingTimes[0] >= Self.interval * 3)
            #expect(seen.pingTimes[4] - opened >= Self.interval * 4)
            #expect(Set(seen.pings).count == seen.pings.count, "each ping has its own payload")
            #expect(!seen.isClosed, "the connection stays open: auto-pong answered every ping")
            let serverSide = try await delegates.delegate(0).events.wait("the pongs") { $0.pongs.count >= 5 }
            #expect(Array(serverSide.pongs.prefix(5)) == Array(seen.pings.prefix(5)))
            channel.eventLoop.execute { try? channel.close() }
            #expect(try await client.waitClosed().closeCode == .normalClosure)
        }
    }

    @Test("WS-KEEPALIVE: a peer that never answers the pings is closed with 1011 after interval plus timeout")
    func noPong() async throws {
        let timeout: Duration = .milliseconds(200)
        let server = try TestServer.echo(configuration: Self.keepalive(timeout: timeout))
        try await withServer(server) { server in
            let start = ContinuousClock.now
            let client = try await server.connect(configuration: makeConfiguration { $0.connection.autoPong = false })
            #expect(try await client.closeCode() == .internalError)
            #expect(client.closeInfo?.reason == "keepalive ping timeout")
            #expect(elapsed(since: start) >= Self.interval + timeout)
            try await eventually("the server to count the close") { server.metrics.closeCodes[1011] == 1 }
        }
    }

    @Test("WS-KEEPALIVE: a client with keepalive closes a server that never answers its pings with 1011")
    func clientKeepalive() async throws {
        let listener = try RawListener()
        let connecting = Task {
            try await WebSocket.connect(to: listener.url, configuration: Self.keepalive(timeout: .milliseconds(200)))
        }
        let peer = try await listener.accept()
        try await peer.acceptUpgrade()
        let client = try await within(stepLimit, "the connect") { try await connecting.value }
        let (close, before) = try await peer.readUntilClose()
        #expect(!before.isEmpty && before.allSatisfy { $0.opcode == RawFrame.ping && $0.masked })
        #expect(close.closeCode == 1011)
        try await peer.send(RawFrame(opcode: RawFrame.close, payload: close.payload), key: nil)
        await peer.close()
        #expect(try await client.closeCode() == .internalError)
    }

    @Test("WS-KEEPALIVE: a pong that arrives within the timeout keeps the connection open, even after the next ping was sent")
    func latePongWithinTimeout() async throws {
        // The timeout is long against the interval (a loaded machine may hold this peer's task for seconds); what is
        // checked is that a pong arriving after the next ping still counts.
        let server = try TestServer.echo(configuration: Self.keepalive(timeout: .seconds(10)))
        try await withServer(server) { server in
            let raw = try await server.raw()
            try await raw.upgrade()
            // This peer answers each ping when the next one arrives: one interval late, well within the timeout.
            do {
                var previous: [UInt8]?
                for _ in 0..<7 {
                    let frame = try await raw.readFrame(within: .seconds(20))
                    try #require(frame.opcode == RawFrame.ping, "got \(frame.opcode) (close \(frame.closeCode ?? 0)) instead of a ping")
                    if let previous { try await raw.send(RawFrame(opcode: RawFrame.pong, payload: previous)) }
                    previous = frame.payload
                }
            }
            await raw.close()
        }
    }
}
