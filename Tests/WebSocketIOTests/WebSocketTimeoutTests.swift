import Testing
@testable import WebSocketIO

@Suite("WebSocket timeouts", .timeLimit(.minutes(1)))
struct WebSocketTimeoutTests {
    static let short: Duration = .milliseconds(300)

    @Test("WS-TIMEOUT-HANDSHAKE: a client that never finishes its request is dropped without holding up others")
    func serverHandshakeTimeout() async throws {
        // With a timeout longer than the test's time limit: a pending request does not hold up another client
        // (however slow the machine, the stalled request cannot time out first).
        let long = makeConfiguration { $0.handshakeTimeout = .seconds(120) }
        try await withServer(try .echo(configuration: long)) { server in
            let stalled = try await server.raw()
            try await stalled.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n")
            let client = try await server.connect()
            try await client.send(text: "not blocked")
            #expect(try await client.nextMessage() == .text("not blocked"))
            #expect(server.metrics.handshakeRejections["timeout"] == nil, "served while the other request was pending")
            try await client.close()
            await stalled.close()
        }
        // With a short one: the stalled connection is reset after it, with no response; an open connection is
        // not subject to it.
        let timeout: Duration = .milliseconds(500)
        try await withServer(try .echo(configuration: makeConfiguration { $0.handshakeTimeout = timeout })) { server in
            let client = try await server.connect()
            let start = ContinuousClock.now
            let stalled = try await server.raw(sending: Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
            let end = try await stalled.readToEnd()
            #expect(end.bytes.isEmpty)
            #expect(end.ending == .reset)
            #expect(elapsed(since: start) >= timeout)
            #expect(server.metrics.handshakeRejections["timeout"] == 1)
            try await client.send(text: "still open")
            #expect(try await client.nextMessage() == .text("still open"))
            try await client.close()
        }
    }

    @Test("WS-TIMEOUT-HANDSHAKE: a server that never answers the request fails the client's connect after the timeout")
    func clientHandshakeTimeout() async throws {
        let listener = try RawListener()
        let start = ContinuousClock.now
        let attempt = Task {
            try await WebSocket.connect(
                to: listener.url, configuration: makeConfiguration { $0.handshakeTimeout = Self.short })
        }
        let peer = try await listener.accept()
        do {
            _ = try await within(stepLimit, "the client's handshake timeout") { try await attempt.value }
            Issue.record("connected to a server that never answered")
        } catch let error as WebSocketConnectError {
            guard case .handshakeTimeout = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(elapsed(since: start) >= Self.short)
        #expect(try await peer.endsWithin(stepLimit) != nil, "the client dropped the connection")
    }

    @Test("WS-TIMEOUT-CLOSE: a client that never answers the server's close is dropped after closeTimeout with 1006")
    func serverCloseTimeout() async throws {
        let delegates = ServerDelegates()
        let server = try TestServer.callback(
            configuration: makeConfiguration { $0.closeTimeout = Self.short }, makeDelegate: delegates.makeDelegate)
        try await withServer(server) { server in
            let raw = try await server.raw()
            try await raw.upgrade()
            let serverSide = try await delegates.delegate(0)
            let channel = try await serverSide.channel()
            let start = ContinuousClock.now
            channel.eventLoop.execute { try? channel.close(code: .normalClosure, reason: "bye") }
            let close = try await raw.readFrame()
            #expect(close.closeCode == 1000)
            #expect(close.closeReason == "bye")
            // The peer never answers: the server gives up after closeTimeout and resets the connection.
            let closed = try await serverSide.waitClosed()
            #expect(elapsed(since: start) >= Self.short)
            #expect(closed.closeCode == .abnormalClosure)
            #expect(try await raw.readToEnd().ending == .reset)
            try await eventually("the server to forget the connection") { server.server.connectionCount == 0 }
        }
    }

    @Test("WS-TIMEOUT-CLOSE: a server that never answers the client's close is dropped after closeTimeout")
    func clientCloseTimeout() async throws {
        let listener = try RawListener()
        let connecting = Task {
            try await WebSocket.connect(to: listener.url, configuration: makeConfiguration { $0.closeTimeout = Self.short })
        }
        let peer = try await listener.accept()
        try await peer.acceptUpgrade()
        let client = try await within(stepLimit, "the connect") { try await connecting.value }
        let start = ContinuousClock.now
        let code = try await within(stepLimit, "close() to return") { try await client.close(code: .goingAway) }
        #expect(code == .abnormalClosure, "no close frame came back")
        #expect(elapsed(since: start) >= Self.short)
        let frame = try await peer.readFrame()
        #expect(frame.masked, "client frames are masked")
        #expect(frame.closeCode == 1001)
        #expect(try await peer.endsWithin(stepLimit) == .reset)
    }

    @Test(
        "RFC6455-7.1.1-SERVER-CLOSES-TCP: the client waits for the server to close TCP after the close handshake, up to closeTimeout"
    )
    func clientWaitsForServerToClose() async throws {
        let listener = try RawListener()
        let connecting = Task {
            try await WebSocket.connect(to: listener.url, configuration: makeConfiguration { $0.closeTimeout = Self.short })
        }
        let peer = try await listener.accept()
        try await peer.acceptUpgrade()
        let client = try await within(stepLimit, "the connect") { try await connecting.value }
        // The hand-written server closes; the client answers but leaves closing TCP to the server: when the server
        // never does, the client gives up after closeTimeout with a reset (a client closing first would send a FIN
        // right after its reply).
        let start = ContinuousClock.now
        try await peer.send(RawFrame(opcode: RawFrame.close, payload: RawFrame.closePayload(4001, "done")), key: nil)
        let reply = try await peer.readFrame()
        #expect(reply.closeCode == 4001)
        let end = try await peer.readToEnd()
        #expect(end.ending == .reset, "the client closed TCP first")
        #expect(elapsed(since: start) >= Self.short)
        // It reports the server's code and reason.
        #expect(try await client.closeCode() == CloseCode(4001))
        #expect(client.closeInfo?.reason == "done")
    }

    @Test(
        "RFC6455-7.1.1-SERVER-CLOSES-TCP: after the client's close the server answers and closes TCP itself, and the client reports the close promptly"
    )
    func serverClosesTCP() async throws {
        let delegates = ServerDelegates()
        let server = try TestServer.callback(makeDelegate: delegates.makeDelegate)
        try await withServer(server) { server in
            // By hand: send a close, read the reply, and see the end of the stream without closing our side.
            let raw = try await server.raw()
            try await raw.upgrade()
            try await raw.send(RawFrame(opcode: RawFrame.close, payload: RawFrame.closePayload(1000, "done")))
            let reply = try await raw.readFrame()
            #expect(reply.closeCode == 1000)
            #expect(!reply.masked)
            let end = try await raw.readToEnd()
            #expect(end.bytes.isEmpty)
            #expect(end.ending == .eof, "the server closed TCP")
            let serverSide = try await delegates.delegate(0).waitClosed()
            #expect(serverSide.closeCode == .normalClosure)
            #expect(serverSide.closeReason == "done")
            // Our client: close() returns long before a close timeout longer than the test's time limit.
            let client = try await server.connect(configuration: makeConfiguration { $0.closeTimeout = .seconds(120) })
            let start = ContinuousClock.now
            #expect(try await client.close(code: .normalClosure, reason: "bye") == .normalClosure)
            #expect(elapsed(since: start) < .seconds(20), "no wait for the 120 s close timeout")
        }
    }

    @Test("WS-TIMEOUT-IDLE: a connection that receives nothing for idleTimeout is closed with 1001; activity keeps it open")
    func idleTimeout() async throws {
        let idle: Duration = .milliseconds(500)
        let sockets = Watch<[WebSocket]>([])
        let server = try TestServer.echo(configuration: makeConfiguration { $0.idleTimeout = idle }, sockets: sockets)
        try await withServer(server) { server in
            let start = ContinuousClock.now
            let quiet = try await server.connect()
            // The busy client's own keepalive pings (every 100 ms, sent by its event loop) are activity enough.
            let busy = try await server.connect(
                configuration: makeConfiguration { $0.keepalive = .init(interval: .milliseconds(100), timeout: .seconds(10)) })
            // The quiet one is closed by the server, with 1001 and a reason, no sooner than the timeout.
            #expect(try await quiet.closeCode() == .goingAway)
            #expect(quiet.closeInfo?.reason == "idle timeout")
            #expect(elapsed(since: start) >= idle)
            // The busy one outlives it by more than another idle timeout. (Nothing to wait for: a connection staying
            // open is the absence of an event, so let the time pass.)
            try await Task.sleep(for: idle * 1.5)
            #expect(busy.closeInfo == nil, "an active connection was closed")
            try await busy.send(text: "alive")
            #expect(try await busy.nextMessage() == .text("alive"))
            #expect(try await busy.close() == .normalClosure)
            let serverSockets = try await sockets.wait("both server connections") { $0.count == 2 }
            for socket in serverSockets { _ = try await socket.closeCode() }
            #expect(server.metrics.closeCodes == [1001: 1, 1000: 1])
        }
    }
}
