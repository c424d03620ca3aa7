import Foundation
import Testing
@testable import WebSocketIO

@Suite("WebSocket handshake", .timeLimit(.minutes(1)))
struct WebSocketHandshakeTests {
    @Test("WS-UPGRADE-DECISION: decideUpgrade sees the request's path, query, origin, headers and offered subprotocols")
    func decisionSeesRequest() async throws {
        let seen = Watch<[UpgradeRequest]>([])
        let server = try TestServer.async(
            decideUpgrade: { request in
                seen.update { $0.append(request) }
                return .accept
            },
            onConnection: TestServer.echo)
        try await withServer(server) { server in
            let client = try await server.connect(
                "/chat/room?id=7", headers: ["X-Token": "abc"], subprotocols: ["v1.chat", "v2.chat"],
                origin: "http://localhost")
            let request = try #require(seen.value.first)
            #expect(request.path == "/chat/room")
            #expect(request.query == "id=7")
            #expect(request.origin == "http://localhost")
            #expect(request.headers.first("X-Token") == "abc")
            #expect(request.subprotocols == ["v1.chat", "v2.chat"])
            #expect(request.host == "127.0.0.1:\(server.port)")
            #expect(client.subprotocol == nil, "the server speaks no subprotocol")
            try await client.close()
        }
    }

    @Test(
        "WS-UPGRADE-SUBPROTOCOL: the server picks its most preferred subprotocol the client offered; both sides see it, also inside onConnection"
    )
    func subprotocolNegotiation() async throws {
        let serverSide = Watch<[(String?, String?)]>([])
        // A slow logger (a file on a busy disk, say) widens the window between the handler's start and the
        // connection's open callback, so a handler that starts too early reliably sees the values missing.
        let slowLogger = makeConfiguration { configuration in
            configuration.logger = { _, message in
                if message.contains(" opened ") { Thread.sleep(forTimeInterval: 0.02) }
            }
        }
        let server = try TestServer.async(
            configuration: slowLogger,
            decideUpgrade: { request in
                .accept(try! UpgradeResponse(supportedSubprotocols: ["v3.chat", "v2.chat", "v1.chat"]))
            },
            onConnection: { socket in
                // Read at once: the values must already be there when the handler starts.
                serverSide.update { $0.append((socket.subprotocol, socket.request?.path)) }
                await TestServer.echo(socket)
            })
        try await withServer(server) { server in
            let rounds = 5
            for _ in 0..<rounds {
                let client = try await server.connect("/sub", subprotocols: ["v1.chat", "v2.chat"])
                #expect(client.subprotocol == "v2.chat")
                try await client.close()
            }
            let none = try await server.connect("/sub", subprotocols: ["other"])
            #expect(none.subprotocol == nil, "no common subprotocol: accepted without one")
            let noOffer = try await server.connect("/sub")
            #expect(noOffer.subprotocol == nil)
            let seen = try await serverSide.wait("every handler to start") { $0.count == rounds + 2 }
            let wrong = seen.prefix(rounds).filter { $0.0 != "v2.chat" || $0.1 != "/sub" }.count
            #expect(wrong == 0, "\(wrong) of \(rounds) handlers saw no subprotocol or no request yet")
            #expect(seen.suffix(2).allSatisfy { $0.0 == nil })
        }
    }

    @Test("WS-UPGRADE-DECISION: an accepted upgrade's 101 carries the accept value, subprotocol and extra headers")
    func extraHeaders() async throws {
        let server = try TestServer.async(
            decideUpgrade: { _ in
                .accept(try! UpgradeResponse(supportedSubprotocols: ["json"], extraHeaders: ["X-Served-By": "loopback-test"]))
            },
            onConnection: TestServer.echo)
        try await withServer(server) { server in
            let raw = try await server.raw()
            let response = try await raw.upgrade(extraLines: ["Sec-WebSocket-Protocol: xml, json"])
            #expect(response.headers.first("Sec-WebSocket-Accept") == RawSocket.sampleAccept)
            #expect(response.headers.first("Sec-WebSocket-Protocol") == "json")
            #expect(response.headers.first("X-Served-By") == "loopback-test")
            #expect(response.headers.first("Upgrade")?.lowercased() == "websocket")
            try await raw.send(RawFrame(opcode: RawFrame.binary, payload: [1, 2, 3]))
            #expect(try await raw.readFrame() == RawFrame(opcode: RawFrame.binary, payload: [1, 2, 3]))
            await raw.close()
        }
    }

    @Test("WS-UPGRADE-REJECT: a rejected upgrade gets the application's status, headers and body, then the connection closes")
    func rejection() async throws {
        let server = try TestServer.async(
            decideUpgrade: { request in
                request.path == "/private"
                    ? .reject(status: 403, reason: "Forbidden", body: "no entry", headers: ["Retry-After": "60"])
                    : .accept
            },
            onConnection: TestServer.echo)
        try await withServer(server) { server in
            // Our client sees a typed error carrying the status.
            do {
                _ = try await server.connect("/private")
                Issue.record("the upgrade was accepted")
            } catch let error as WebSocketConnectError {
                if case .handshake(.rejected(.unexpectedStatus(let status, let reason))) = error {
                    #expect(status == 403)
                    #expect(reason == "Forbidden")
                } else {
                    Issue.record("unexpected error \(error)")
                }
            }
            // On the wire: the status line, the application's header and body, and then the end of the connection.
            let raw = try await server.raw()
            try await raw.write(RawSocket.upgradeRequest(path: "/private"))
            let response = try await raw.readResponse()
            #expect(response.status == 403)
            #expect(response.reason == "Forbidden")
            #expect(response.headers.first("Retry-After") == "60")
            #expect(response.bodyText == "no entry")
            #expect(response.headers.first("Sec-WebSocket-Accept") == nil)
            let end = try await raw.readToEnd()
            #expect(end.bytes.isEmpty)
            #expect(end.ending == .eof, "the server closes gracefully after the response")
            #expect(server.metrics.handshakeRejections["application-403"] == 2)
            #expect(server.metrics.connectionsTotal == 0)
            try await server.expectStillServes()
        }
    }

    @Test("WS-HTTP-HANDLER: a plain GET gets the default 426 Upgrade Required naming version 13, then the connection closes")
    func defaultHTTPResponse() async throws {
        try await withServer(try .echo()) { server in
            let raw = try await server.raw()
            try await raw.write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let response = try await raw.readResponse()
            #expect(response.status == 426)
            #expect(response.headers.first("Sec-WebSocket-Version") == "13")
            #expect(response.headers.first("Upgrade")?.lowercased() == "websocket")
            #expect(try await raw.readToEnd().ending == .eof)
            #expect(server.metrics.handshakeRejections["http-426"] == 1)
            try await server.expectStillServes()
        }
    }

    @Test("WS-HTTP-HANDLER: handleHTTP answers requests that are not upgrades, seeing their method, path and headers")
    func customHTTPHandler() async throws {
        let heads = Watch<[HTTPRequestHead]>([])
        let server = try TestServer.async(
            handleHTTP: { head in
                heads.update { $0.append(head.head) }
                return HTTPResponse(
                    status: 200, reason: "OK", headers: ["Content-Type": "text/plain"],
                    body: Array("page \(head.path)".utf8))
            },
            onConnection: TestServer.echo)
        try await withServer(server) { server in
            let raw = try await server.raw()
            try await raw.write("GET /status?full=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n")
            let response = try await raw.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "page /status")
            #expect(response.headers.first("Content-Type") == "text/plain")
            #expect(try await raw.readToEnd().ending == .eof)
            let head = try #require(heads.value.first)
            #expect(head.method == "GET")
            #expect(head.query == "full=1")
            #expect(head.headers.first("Accept") == "text/plain")
            #expect(server.metrics.handshakeRejections["http-200"] == 1)
            // An upgrade still upgrades.
            try await server.expectStillServes()
        }
    }

    @Test("WS-CLIENT-CONNECT-ERRORS: bad URLs, refused connections, silent servers and non-101 answers fail with typed errors")
    func clientErrors() async throws {
        // Invalid and secure URLs fail before connecting.
        for url in ["http://127.0.0.1/", "ws://", "ws://127.0.0.1:0/", "wss://127.0.0.1:1/"] {
            do {
                _ = try await WebSocket.connect(to: url)
                Issue.record("\(url) connected")
            } catch {
                guard case .invalidURL = error else {
                    Issue.record("\(url): unexpected \(error)")
                    continue
                }
            }
        }
        let group = try EventLoopGroup(numberOfThreads: 1)
        // A port nobody listens on (held by a socket that does not listen): the transport error.
        let closed = try RawListener(listening: false)
        let closedPort = closed.port
        do {
            _ = try await within(stepLimit, "a refused connect") {
                try await WebSocket.connect(to: "ws://127.0.0.1:\(closedPort)/", on: group.next())
            }
            Issue.record("connected to a closed port")
        } catch let error as WebSocketConnectError {
            guard case .transport(.posix(operation: "connect", _)) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        // A server that accepts TCP but never answers the request: the handshake timeout.
        let silent = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            RecordingHandler(Watch(ConnectionRecord()))
        }
        let configuration = makeConfiguration { $0.handshakeTimeout = .milliseconds(300) }
        let start = ContinuousClock.now
        do {
            _ = try await within(stepLimit, "the client handshake timeout") {
                try await WebSocket.connect(
                    to: "ws://127.0.0.1:\(silent.port)/", configuration: configuration, on: group.next())
            }
            Issue.record("a silent server completed the handshake")
        } catch let error as WebSocketConnectError {
            guard case .handshakeTimeout = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(elapsed(since: start) >= .milliseconds(300))
        }
        await silent.stop()
        // A server that answers with something other than a 101.
        let http = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            RecordingHandler(Watch(ConnectionRecord()), RecordingBehavior(onActive: { connection in
                connection.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
            }))
        }
        do {
            _ = try await within(stepLimit, "a refused handshake") {
                try await WebSocket.connect(to: "ws://127.0.0.1:\(http.port)/", on: group.next())
            }
            Issue.record("a 200 completed the handshake")
        } catch let error as WebSocketConnectError {
            guard case .handshake(.rejected(.unexpectedStatus(200, _))) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        await http.stop()
        await group.shutdownGracefully()
    }
}
