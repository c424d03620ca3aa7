import Testing
@testable import WebSocketIO

@Suite("WebSocket shutdown, abort and limits", .timeLimit(.minutes(1)))
struct WebSocketShutdownTests {
    @Test("WS-SHUTDOWN-GRACEFUL: shutdown closes every open connection with 1001, returns promptly, and refuses new ones")
    func gracefulShutdown() async throws {
        let sockets = Watch<[WebSocket]>([])
        try await withServer(try .echo(sockets: sockets)) { server in
            var clients: [WebSocket] = []
            for _ in 0..<3 { clients.append(try await server.connect()) }
            try await sockets.wait("three server connections") { $0.count == 3 }
            let start = ContinuousClock.now
            try await within(stepLimit, "shutdown") { await server.server.shutdown(timeout: .seconds(120)) }
            #expect(elapsed(since: start) < .seconds(20), "the clients answered at once; no need to wait the timeout")
            #expect(server.server.connectionCount == 0)
            for client in clients {
                #expect(try await client.closeCode() == .goingAway)
                #expect(client.closeInfo?.reason == "server shutting down")
                #expect(try await client.remainingMessages().isEmpty, "the message sequence ended")
            }
            for socket in sockets.value {
                #expect(try await socket.closeCode() == .goingAway, "the server side reports the client's echo")
            }
            #expect(server.metrics.connectionsOpen == 0)
            #expect(server.metrics.closeCodes[1001] == 3)
            do {
                _ = try await server.connect()
                Issue.record("connected after shutdown")
            } catch let error as WebSocketConnectError {
                guard case .transport = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
        }
    }

    @Test("WS-SHUTDOWN-RELEASES: after shutdown the server lets go of the application's closures: one that holds the server makes no cycle")
    func shutdownReleasesClosures() async throws {
        /// What a metrics endpoint does: the HTTP handler reaches the server through an object that holds it.
        final class Holder: @unchecked Sendable { var server: WebSocketServer? }
        let group = try EventLoopGroup(numberOfThreads: 1)
        weak var released: WebSocketServer?
        do {
            let holder = Holder()
            let server = try WebSocketServer.start(
                host: "127.0.0.1", port: 0, group: group,
                handleHTTP: { _ in holder.server == nil ? .upgradeRequired : .upgradeRequired },
                makeDelegate: { _ in RecordingDelegate() })
            holder.server = server
            released = server
            await server.shutdown(timeout: .seconds(1))
        }
        await group.shutdownGracefully()
        #expect(released == nil, "the server outlived its shutdown in a cycle through its own handler")
    }

    @Test("WS-SHUTDOWN-GRACEFUL: a peer that never answers the close does not hold shutdown beyond its timeout")
    func shutdownWithUnresponsivePeer() async throws {
        // The close timeout is far longer than the test's time limit, so a shutdown that waited for it would be
        // unmistakable; the bound below is wide enough that a loaded machine cannot fail it by accident.
        var configuration = WebSocketConfiguration()
        configuration.closeTimeout = .seconds(120)
        try await withServer(try .echo(configuration: configuration)) { server in
            let client = try await server.connect()
            let raw = try await server.raw()
            try await raw.upgrade()
            let handshaking = try await server.raw()
            try await handshaking.write("GET / HTTP/1.1\r\n")
            try await eventually("three connections") { server.server.connectionCount == 3 }
            let timeout: Duration = .milliseconds(300)
            let start = ContinuousClock.now
            try await within(stepLimit, "shutdown") { await server.server.shutdown(timeout: timeout) }
            let took = elapsed(since: start)
            #expect(took >= timeout, "waited for the unresponsive peer")
            #expect(took < .seconds(20), "shutdown aborts the rest after its timeout, not the 120 s close timeout")
            #expect(server.server.connectionCount == 0)
            #expect(try await client.closeCode() == .goingAway)
            // The unresponsive peer got the close frame, then a reset; the half-open handshake was dropped at once.
            let frame = try await raw.readFrame()
            #expect(frame.closeCode == 1001)
            #expect(try await raw.readToEnd().ending == .reset)
            #expect(try await handshaking.endsWithin(stepLimit) == .reset)
        }
    }

    @Test("WS-ABORT: abort() drops the connection at once without a close frame; both sides report 1006")
    func abort() async throws {
        let delegates = ServerDelegates()
        try await withServer(try .callback(makeDelegate: delegates.makeDelegate)) { server in
            // The client aborts.
            let client = try await server.connect()
            try await client.send(text: "before")
            #expect(try await client.nextMessage() == .text("before"))
            client.abort()
            #expect(try await client.closeCode() == .abnormalClosure)
            #expect(try await delegates.delegate(0).waitClosed().closeCode == .abnormalClosure)
            do throws(WebSocketError) {
                try await client.send(text: "after")
                Issue.record("sent on an aborted connection")
            } catch {
                #expect(error == .closed(.abnormalClosure))
            }
            // The server aborts: a raw peer sees a reset and no close frame.
            let raw = try await server.raw()
            try await raw.upgrade()
            let serverChannel = try await delegates.delegate(1).channel()
            serverChannel.eventLoop.execute { serverChannel.abort() }
            let end = try await raw.readToEnd()
            #expect(end.bytes.isEmpty, "no close frame")
            #expect(end.ending == .reset)
            #expect(try await delegates.delegate(1).waitClosed().closeCode == .abnormalClosure)
            // The server aborts an async client: its sequence ends and it reports 1006.
            let other = try await server.connect()
            let otherServerChannel = try await delegates.delegate(2).channel()
            otherServerChannel.eventLoop.execute { otherServerChannel.abort() }
            #expect(try await other.remainingMessages().isEmpty)
            #expect(try await other.closeCode() == .abnormalClosure)
            try await eventually("the server to count three aborts") { server.metrics.closeCodes[1006] == 3 }
        }
    }

    @Test("WS-MAX-CONNECTIONS: connections beyond maximumConnections are closed at once; a freed slot serves again")
    func maximumConnections() async throws {
        let delegates = ServerDelegates()
        let server = try TestServer.callback(maximumConnections: 2, makeDelegate: delegates.makeDelegate)
        try await withServer(server) { server in
            let first = try await server.connect()
            let second = try await server.connect()
            do {
                _ = try await server.connect()
                Issue.record("a third connection was served")
            } catch let error as WebSocketConnectError {
                guard case .closedDuringHandshake = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
            #expect(server.metrics.connectionsTotal == 2)
            // The two open connections are unaffected.
            try await second.send(text: "fine")
            #expect(try await second.nextMessage() == .text("fine"))
            // Freeing a slot lets a new client in (once the server has released the first connection).
            try await first.close()
            let released = try await delegates.delegate(0).channel()
            try await delegates.delegate(0).waitClosed()
            _ = try await released.onLoop { _ in 0 }  // the listener counts the close at the end of that iteration
            let third = try await server.connect()
            try await third.send(text: "in")
            #expect(try await third.nextMessage() == .text("in"))
            #expect(server.metrics.connectionsTotal == 3)
            try await third.close()
            try await second.close()
        }
    }
}
