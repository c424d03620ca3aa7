import Testing
@testable import WebSocketCore

/// Plain HTTP in the session driver, with a fake clock (`Spec/http-server.md`).
@Suite("Session: plain HTTP beside WebSocket")
struct SessionHTTPTests {
    static func server(_ edit: (inout SessionConfiguration) -> Void = { _ in }) throws -> SessionHarness {
        var configuration = SessionConfiguration()
        edit(&configuration)
        let h = SessionHarness(try WebSocketSession(server: try ServerHandshakeReader(), configuration: configuration, now: .origin))
        h.call { session, now in session.start(now: now) }
        return h
    }

    static func requests(_ h: SessionHarness) -> [HTTPRequest] {
        h.delivered.compactMap { if case .httpRequest(let request) = $0 { request } else { nil } }
    }

    static func refusals(_ h: SessionHarness) -> [HTTPRequestError] {
        h.delivered.compactMap { if case .handshakeFailed(.httpRequestRefused(let error)) = $0 { error } else { nil } }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("RFC9112-6.2-BODY-LENGTH: a Content-Length body split across reads is delivered whole; the bytes after it are the next request")
    func contentLengthBody() throws {
        let h = try Self.server()
        h.feed(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello".utf8))
        #expect(Self.requests(h).isEmpty)
        h.feed(Array(" world".utf8) + Array("GET /next HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let first = try #require(Self.requests(h).first)
        #expect(first.method == "POST" && first.bodyText == "hello world")
        #expect(h.readingPaused, "nothing more is read while the application answers")
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: first.bodyText), now: now) }
        #expect(Self.text(h.takeWritten()).hasSuffix("\r\n\r\nhello world"))
        #expect(Self.requests(h).map(\.path) == ["/echo", "/next"], "the pipelined request follows")
        #expect(!h.closeRequested)
    }

    @Test("RFC9112-9.3-KEEPALIVE: HTTP/1.1 keeps the connection for the next request (even an upgrade); Connection: close, HTTP/1.0 and the request limit close it")
    func keepAlive() throws {
        let h = try Self.server { $0.http.maximumRequestsPerConnection = 3 }
        h.feed(Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: "a"), now: now) }
        let first = Self.text(h.takeWritten())
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n") && first.contains("Connection: keep-alive\r\n"))
        #expect(!h.closeRequested && !h.readingPaused)
        h.feed(Array("GET /b HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: "b"), now: now) }
        h.feed(Array("GET /c HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        _ = h.takeWritten()
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: "c"), now: now) }
        #expect(Self.text(h.takeWritten()).contains("Connection: close\r\n"), "the third request is the last allowed")
        #expect(h.closeRequested)

        for request in ["GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"] {
            let once = try Self.server()
            once.feed(Array(request.utf8))
            try once.call { session, now in try session.respond(HTTPResponse(status: 200, text: ""), now: now) }
            #expect(Self.text(once.takeWritten()).contains("Connection: close\r\n"), "\(request)")
            #expect(once.closeRequested)
        }
        // The handler's own Connection: close is honoured.
        let handlerCloses = try Self.server()
        handlerCloses.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try handlerCloses.call { session, now in
            try session.respond(HTTPResponse(status: 200, headers: ["Connection": "close"], text: ""), now: now)
        }
        #expect(handlerCloses.closeRequested)
        // An upgrade after a plain request on the same connection.
        let upgrade = try Self.server()
        upgrade.feed(Array("GET /page HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try upgrade.call { session, now in try session.respond(HTTPResponse(status: 200, text: "page"), now: now) }
        _ = upgrade.takeWritten()
        upgrade.feed(Array("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        try upgrade.call { session, now in try session.accept(now: now) }
        #expect(Self.text(upgrade.takeWritten()).hasPrefix("HTTP/1.1 101"))
        #expect(upgrade.session.phase == .open)
    }

    @Test("WS-HTTP-KEEPALIVE-IDLE: a persistent connection with no next request is closed quietly after keepAliveTimeout; a started request gets the handshake timeout")
    func keepAliveIdle() throws {
        let h = try Self.server { $0.http.keepAliveTimeout = .seconds(5); $0.handshakeTimeout = .seconds(10) }
        h.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: ""), now: now) }
        _ = h.takeWritten()
        h.advance(by: .milliseconds(4900))
        #expect(!h.closeRequested)
        h.advance(by: .milliseconds(200))
        #expect(h.closeRequested && !h.aborted)
        #expect(h.takeWritten().isEmpty)
        #expect(!h.delivered.contains { if case .handshakeFailed(.timedOut) = $0 { true } else { false } })

        let slow = try Self.server { $0.http.keepAliveTimeout = .seconds(5); $0.handshakeTimeout = .seconds(10) }
        slow.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try slow.call { session, now in try slow.session.respond(HTTPResponse(status: 200, text: ""), now: now) }
        slow.advance(by: .seconds(4))
        slow.feed(Array("GET /next HTTP/1.1\r\n".utf8))
        slow.advance(by: .seconds(9))
        #expect(!slow.aborted, "the next request's head has the handshake timeout from its first byte")
        slow.advance(by: .seconds(2))
        #expect(slow.aborted)
    }

    @Test("WS-HTTP-BODY-TIMEOUT: a body still incomplete after bodyTimeout is answered 408 and the connection closes")
    func bodyTimeout() throws {
        let h = try Self.server { $0.http.bodyTimeout = .seconds(3) }
        h.feed(Array("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial".utf8))
        h.advance(by: .seconds(2))
        h.feed(Array("more".utf8))
        #expect(h.takeWritten().isEmpty)
        h.advance(by: .seconds(2))
        #expect(Self.text(h.takeWritten()).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(h.closeRequested)
        #expect(Self.refusals(h) == [.bodyTimedOut])
        #expect(Self.requests(h).isEmpty)
    }

    @Test("RFC9110-10.1.1-EXPECT: 100 Continue comes before the body is read; a body over the limit gets 413 instead; another expectation 417")
    func expectContinue() throws {
        let h = try Self.server { $0.http.maximumBodySize = 10 }
        h.feed(Array("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n".utf8))
        #expect(Self.text(h.takeWritten()) == "HTTP/1.1 100 Continue\r\n\r\n")
        h.feed(Array("body".utf8))
        #expect(Self.requests(h).first?.bodyText == "body")

        let big = try Self.server { $0.http.maximumBodySize = 10 }
        big.feed(Array("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n".utf8))
        #expect(Self.text(big.takeWritten()).hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(big.closeRequested)

        let odd = try Self.server()
        odd.feed(Array("GET /x HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n".utf8))
        #expect(Self.text(odd.takeWritten()).hasPrefix("HTTP/1.1 417 Expectation Failed\r\n"))
    }

    @Test("RFC9110-9.3.2-HEAD: the answer to HEAD has the Content-Length of the body it leaves out")
    func headRequest() throws {
        let h = try Self.server()
        h.feed(Array("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try h.call { session, now in try session.respond(HTTPResponse(status: 200, text: "twelve bytes"), now: now) }
        let written = Self.text(h.takeWritten())
        #expect(written.contains("Content-Length: 12\r\n"))
        #expect(written.hasSuffix("\r\n\r\n"), "no body")
    }

    @Test("WS-HTTP-RESPONSE-SAFE: a handler's field with CR/LF or a bad name becomes a 500; Content-Length, Connection and Transfer-Encoding are the server's")
    func safeResponses() throws {
        for headers: HTTPHeaders in [["X-Evil": "a\r\nSet-Cookie: stolen=1"], ["Bad Name": "x"], ["X-Nul": "a\u{0}b"]] {
            let h = try Self.server()
            h.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            try h.call { session, now in try session.respond(HTTPResponse(status: 200, headers: headers, text: "x"), now: now) }
            let written = Self.text(h.takeWritten())
            #expect(written.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"), "\(headers)")
            #expect(!written.contains("stolen") && !written.contains("Bad Name"))
        }
        let h = try Self.server()
        h.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try h.call { session, now in
            try session.respond(
                HTTPResponse(status: 200, headers: ["Content-Length": "999", "Transfer-Encoding": "chunked"], text: "four"),
                now: now)
        }
        let written = Self.text(h.takeWritten())
        #expect(written.contains("Content-Length: 4\r\n") && !written.contains("999") && !written.contains("chunked"))
    }

    @Test("RFC9110-15.5.14-BODY-LIMIT: a body over the limit is refused with 413 as soon as it passes, without being delivered")
    func bodyLimitInSession() throws {
        let h = try Self.server { $0.http.maximumBodySize = 8 }
        h.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".utf8))
        #expect(h.takeWritten().isEmpty)
        h.feed(Array("4\r\n".utf8))
        #expect(Self.text(h.takeWritten()).hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(Self.refusals(h) == [.bodyTooLarge(limit: 8)])
        #expect(Self.requests(h).isEmpty && h.closeRequested)
        let exact = try Self.server { $0.http.maximumBodySize = 8 }
        exact.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n12345678".utf8))
        #expect(Self.requests(exact).first?.body.count == 8)
    }
}
