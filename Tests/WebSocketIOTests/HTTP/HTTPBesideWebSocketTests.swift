import Testing
@testable import WebSocketIO

/// Plain HTTP requests on a WebSocket server's port, over loopback (`Spec/http-server.md`).
@Suite("Plain HTTP beside WebSocket", .timeLimit(.minutes(1)))
struct HTTPBesideWebSocketTests {
    @Test("WS-HTTP-HANDLER-ASYNC: a handler that suspends gets the body, and WebSocket traffic on the same loop flows meanwhile, beside a body still arriving")
    func suspendingHandler() async throws {
        let gate = Watch(false)
        let waiting = Watch(0)
        let server = try TestServer.http(loops: 1) { request in
            guard request.path == "/slow" else { return .notFound }
            waiting.update { $0 += 1 }
            _ = try? await gate.wait("the gate") { $0 }
            return HTTPResponse(status: 200, text: "got \(request.body.count): \(request.bodyText)")
        }
        try await withServer(server) { server in
            let slow = try await server.raw()
            try await slow.write("POST /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
            try await waiting.wait("the handler to start") { $0 == 1 }
            // A body that dribbles in on another connection.
            let dribble = try await server.raw()
            try await dribble.write("POST /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab")
            // The one loop still serves WebSocket traffic.
            let client = try await server.connect()
            for index in 0..<20 {
                try await client.send(text: "message \(index)")
                #expect(try await client.nextMessage() == .text("message \(index)"))
            }
            #expect(waiting.value == 1, "the dribbling body is not complete, so its handler has not run")
            gate.update { $0 = true }
            let response = try await slow.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "got 5: hello")
            #expect(response.headers.first("Connection") == "keep-alive")
            try await dribble.write("c\r\n0\r\n\r\n")
            #expect(try await dribble.readResponse().bodyText == "got 3: abc")
            try await client.close()
        }
    }

    @Test("RFC9112-9.3-KEEPALIVE: pipelined requests on one socket are answered in order, then the same socket upgrades to WebSocket")
    func keepAliveThenUpgrade() async throws {
        let server = try TestServer.http { request in
            HTTPResponse(status: 200, text: "\(request.method) \(request.path) \(request.bodyText)")
        }
        try await withServer(server) { server in
            let raw = try await server.raw()
            try await raw.write(
                "GET /one HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "POST /two HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc"
                    + "PUT /three HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n")
            var bodies: [String] = []
            for _ in 0..<3 { bodies.append(try await raw.readResponse().bodyText) }
            #expect(bodies == ["GET /one ", "POST /two abc", "PUT /three xy"])
            try await raw.upgrade(path: "/chat")
            try await raw.send(RawFrame(opcode: RawFrame.text, payload: Array("now a WebSocket".utf8)))
            #expect(try await raw.readFrame().payload == Array("now a WebSocket".utf8))
            #expect(server.metrics.connectionsTotal == 1)
        }
    }

    @Test("RFC9110-15.5.14-BODY-LIMIT: over a socket, a declared body over the limit is answered 413 at once and the server keeps serving")
    func bodyTooLargeOverSocket() async throws {
        let configuration = makeConfiguration { $0.http.maximumBodySize = 64 << 10 }
        let server = try TestServer.http(configuration: configuration) { _ in HTTPResponse(status: 200, text: "ok") }
        try await withServer(server) { server in
            let raw = try await server.raw()
            try await raw.write("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n")
            try await raw.write([UInt8](repeating: 0x61, count: 32 << 10))
            let response = try await raw.readResponse()
            #expect(response.status == 413)
            #expect(response.headers.first("Connection") == "close")
            #expect(try await raw.readToEnd().ending == .eof, "the server closes after the answer")
            #expect(server.metrics.handshakeRejections["http-413"] == 1)
            try await server.expectStillServes()
        }
    }
}
