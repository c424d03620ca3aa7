import Testing
@testable import WebSocketIO

/// A frame (or handshake) that breaks the protocol, and what the server must answer.
struct Violation: Sendable, CustomStringConvertible {
    let name: String
    let bytes: [UInt8]
    let code: UInt16
    var description: String { name }

    static let all: [Violation] = [
        Violation(
            name: "an unmasked client frame",
            bytes: RawFrame(opcode: RawFrame.text, payload: Array("bare".utf8)).encoded(key: nil), code: 1002),
        Violation(
            name: "invalid UTF-8 in a text message",
            bytes: RawFrame(opcode: RawFrame.text, payload: [0x68, 0x69, 0xc3, 0x28]).encoded(), code: 1007),
        Violation(
            name: "invalid UTF-8 split across fragments",
            bytes: RawFrame(fin: false, opcode: RawFrame.text, payload: [0xe2, 0x82]).encoded()
                + RawFrame(opcode: RawFrame.continuation, payload: [0x41]).encoded(),
            code: 1007),
        Violation(
            name: "a ping with a 126-byte payload (oversized control frame)",
            bytes: RawFrame(opcode: RawFrame.ping, payload: [UInt8](repeating: 1, count: 126)).encoded(), code: 1002),
        Violation(
            name: "a fragmented ping",
            bytes: RawFrame(fin: false, opcode: RawFrame.ping, payload: [1]).encoded(), code: 1002),
        Violation(
            name: "a frame over the 1 KiB frame limit",
            bytes: RawFrame(opcode: RawFrame.binary, payload: [UInt8](repeating: 7, count: 1025)).encoded(), code: 1009),
        Violation(
            name: "a message over the 1 KiB message limit, in frames under it",
            bytes: RawFrame(fin: false, opcode: RawFrame.binary, payload: [UInt8](repeating: 7, count: 600)).encoded()
                + RawFrame(opcode: RawFrame.continuation, payload: [UInt8](repeating: 8, count: 600)).encoded(),
            code: 1009),
        Violation(
            name: "a header declaring 1 GiB (rejected before any payload)",
            bytes: RawFrame(opcode: RawFrame.binary, payload: []).encoded(declaredLength: 1 << 30), code: 1009),
        Violation(
            name: "a continuation without a message", bytes: RawFrame(opcode: RawFrame.continuation, payload: [1]).encoded(),
            code: 1002),
        Violation(name: "a reserved opcode", bytes: RawFrame(opcode: 0x3, payload: []).encoded(), code: 1002),
        Violation(name: "an unnegotiated RSV1 bit", bytes: RawFrame(rsv: 4, opcode: RawFrame.text, payload: []).encoded(), code: 1002),
        Violation(
            name: "a close frame with a one-byte payload", bytes: RawFrame(opcode: RawFrame.close, payload: [3]).encoded(),
            code: 1002),
    ]
}

@Suite("WebSocket bad input", .timeLimit(.minutes(1)))
struct WebSocketBadInputTests {
    /// An echo server with a 1 KiB message limit, recording its connections' delegates.
    static func server(_ delegates: ServerDelegates, handshakeTimeout: Duration = .seconds(10)) throws -> TestServer {
        try .callback(
            configuration: makeConfiguration {
                $0.connection.limits.maximumMessageSize = 1024
                $0.connection.limits.maximumFrameSize = 1024
                $0.handshakeTimeout = handshakeTimeout
            },
            makeDelegate: delegates.makeDelegate)
    }

    @Test(
        "WS-VIOLATION-CLOSE: a frame that breaks the protocol gets a close with the violation's code, then the server closes TCP",
        arguments: Violation.all)
    func violation(_ violation: Violation) async throws {
        let delegates = ServerDelegates()
        try await withServer(try Self.server(delegates)) { server in
            let raw = try await server.raw()
            try await raw.upgrade()
            // A valid message first: the violation ends a working connection.
            try await raw.send(RawFrame(opcode: RawFrame.text, payload: Array("ok".utf8)))
            #expect(try await raw.readFrame() == RawFrame(opcode: RawFrame.text, payload: Array("ok".utf8)))
            try await raw.write(violation.bytes)
            let (close, before) = try await raw.readUntilClose()
            #expect(before.isEmpty, "nothing but the close: \(before)")
            #expect(close.closeCode == violation.code)
            #expect(!close.masked)
            // The server closes TCP without waiting for our close (RFC 6455 §7.1.7).
            let end = try await raw.readToEnd()
            #expect(end.bytes.isEmpty)
            #expect(end.ending == .eof, "a graceful close after the close frame")
            let serverSide = try await delegates.delegate(0).waitClosed()
            #expect(serverSide.closeCode == CloseCode(violation.code))
            #expect(serverSide.messages.map(\.bytes) == [Array("ok".utf8)], "nothing after the violation is delivered")
            try await eventually("the close to be counted") { server.metrics.closeCodes[violation.code] == 1 }
            try await server.expectStillServes()
        }
    }

    @Test("WS-BAD-HANDSHAKE: random bytes instead of a request get 400 Bad Request, then the connection closes")
    func garbage() async throws {
        let delegates = ServerDelegates()
        try await withServer(try Self.server(delegates)) { server in
            var random = Xorshift64Star(seed: 6455)
            for round in 0..<3 {
                let raw = try await server.raw()
                try await raw.write(random.bytes(count: 300 + round * 200) + Array("\r\n\r\n".utf8))
                let response = try await raw.readResponse()
                #expect(response.status == 400)
                #expect(try await raw.readToEnd().ending == .eof)
            }
            #expect(server.metrics.handshakeRejections["status-400"] == 3)
            try await server.expectStillServes()
        }
    }

    @Test(
        "WS-BAD-HANDSHAKE: a request without Sec-WebSocket-Key gets 400, a wrong version 426 with Sec-WebSocket-Version: 13, a POST 405"
    )
    func invalidUpgrades() async throws {
        let delegates = ServerDelegates()
        try await withServer(try Self.server(delegates)) { server in
            let noKey = try await server.raw()
            try await noKey.write(RawSocket.upgradeRequest(key: nil))
            let noKeyResponse = try await noKey.readResponse()
            #expect(noKeyResponse.status == 400)
            #expect(noKeyResponse.bodyText.contains("Sec-WebSocket-Key"))
            #expect(try await noKey.readToEnd().ending == .eof)

            let wrongVersion = try await server.raw()
            try await wrongVersion.write(RawSocket.upgradeRequest(version: "8"))
            let versionResponse = try await wrongVersion.readResponse()
            #expect(versionResponse.status == 426)
            #expect(versionResponse.headers.first("Sec-WebSocket-Version") == "13")
            #expect(try await wrongVersion.readToEnd().ending == .eof)

            let post = try await server.raw()
            var request = String(decoding: RawSocket.upgradeRequest(), as: UTF8.self)
            request = "POST" + request.dropFirst(3)
            try await post.write(request)
            let postResponse = try await post.readResponse()
            #expect(postResponse.status == 405)
            #expect(postResponse.headers.first("Allow") == "GET")

            let oversized = try await server.raw()
            try await oversized.write(
                RawSocket.upgradeRequest(extraLines: ["X-Padding: " + String(repeating: "p", count: 20_000)]))
            #expect(try await oversized.readResponse().status == 431)

            let rejections = server.metrics.handshakeRejections
            #expect(rejections["status-400"] == 1)
            #expect(rejections["status-426"] == 1)
            #expect(rejections["status-405"] == 1)
            #expect(rejections["status-431"] == 1)
            #expect(server.metrics.connectionsTotal == 0)
            try await server.expectStillServes()
        }
    }

    @Test("WS-TIMEOUT-HANDSHAKE: a handshake that never completes is dropped after handshakeTimeout; the server keeps serving")
    func handshakeNeverCompletes() async throws {
        let delegates = ServerDelegates()
        try await withServer(try Self.server(delegates, handshakeTimeout: .milliseconds(400))) { server in
            let start = ContinuousClock.now
            let silent = try await server.raw()  // sends nothing at all
            let partial = try await server.raw(sending: Array(RawSocket.upgradeRequest().dropLast(2)))  // no final CRLF
            #expect(try await silent.endsWithin(stepLimit) == .reset)
            #expect(try await partial.endsWithin(stepLimit) == .reset)
            #expect(elapsed(since: start) >= .milliseconds(400))
            #expect(server.metrics.handshakeRejections["timeout"] == 2)
            #expect(delegates.delegates.value.isEmpty, "no connection opened")
            // Still serves: a request written with the connect completes its handshake (a full client's setup could
            // itself outlast the 400 ms handshake timeout on a slow, sanitized run).
            let fresh = try await server.raw(sending: RawSocket.upgradeRequest())
            #expect(try await fresh.readResponse().status == 101)
        }
    }

    @Test(
        "WS-PEER-VANISHES: a peer that disappears mid-frame is cleaned up: 1006 to the delegate, no connections left",
        arguments: [false, true])
    func peerVanishes(reset: Bool) async throws {
        let delegates = ServerDelegates()
        try await withServer(try Self.server(delegates)) { server in
            let raw = try await server.raw()
            try await raw.upgrade()
            let frame = RawFrame(opcode: RawFrame.binary, payload: [UInt8](repeating: 9, count: 1000)).encoded()
            try await raw.write(Array(frame.prefix(500)))  // the header and half the payload
            let serverSide = try await delegates.delegate(0)
            #expect(try await serverSide.events.wait("the server side to open") { $0.opened }.messages.isEmpty)
            if reset { await raw.reset() } else { await raw.close() }
            let closed = try await serverSide.waitClosed()
            #expect(closed.closeCode == .abnormalClosure)
            #expect(closed.messages.isEmpty, "the partial message is not delivered")
            try await eventually("the server to drop the connection") { server.server.connectionCount == 0 }
            #expect(server.metrics.connectionsOpen == 0)
            #expect(server.metrics.closeCodes[1006] == 1)
            try await server.expectStillServes()
        }
    }
}
