import Testing
@testable import WebSocketIO

@Suite("WebSocket echo", .timeLimit(.minutes(1)))
struct WebSocketEchoTests {
    @Test("WS-SERVER-ECHO: text, binary, empty and non-ASCII messages come back unchanged, in order")
    func echoKinds() async throws {
        try await withServer(try .echo()) { server in
            let client = try await server.connect()
            let messages: [WebSocketMessage] = [
                .text("hello"), .text(""), .binary([]), .binary(Array(0...255)), .text("héllo ✓ 🚀 ünïcödé"),
                .binary(TransportTestSupport.pattern(70_000)), .text(String(repeating: "ab", count: 40_000)),
            ]
            for message in messages { try await client.send(message) }
            for message in messages {
                #expect(try await client.nextMessage() == message)
            }
            #expect(try await client.close() == .normalClosure)
        }
    }

    @Test("WS-SERVER-ECHO: a 16 MiB binary message (the default limit) comes back unchanged")
    func echoLarge() async throws {
        try await withServer(try .echo()) { server in
            let client = try await server.connect()
            let payload = blockPattern(16 << 20)
            try await within(.seconds(30), "sending 16 MiB") { try await client.send(binary: payload) }
            let reply = try await client.nextMessage(within: .seconds(30))
            guard case .binary(let bytes) = reply else {
                Issue.record("expected a binary message, got \(reply)")
                return
            }
            #expect(bytes.count == payload.count)
            #expect(bytes == payload)
            try await client.close()
        }
    }

    @Test(
        "WS-ASYNC-SEND-FRAGMENTS: a message sent as a stream of fragments leaves as one frame per fragment and arrives whole",
        arguments: [
            [3, 125, 126, 70_000, 1],  // every header length class
            [42],  // one fragment: a first frame and an empty final continuation
        ])
    func fragmented(sizes: [Int]) async throws {
        try await withServer(try .echo()) { server in
            let metrics = WebSocketMetrics()
            let client = try await server.connect(metrics: metrics)
            // Text whose fragments split multi-byte characters: the receiver validates UTF-8 across frames.
            let text = String(repeating: "é€😀", count: sizes.reduce(0, +) / 9 + 1)
            let utf8 = Array(text.utf8)
            var fragments: [[UInt8]] = []
            var offset = 0
            for size in sizes {
                let end = min(offset + size, utf8.count)
                fragments.append(Array(utf8[offset..<end]))
                offset = end
            }
            fragments[fragments.count - 1] += utf8[offset...]
            let whole = fragments.joined().map { $0 }
            #expect(whole == utf8)
            let before = metrics.snapshot
            let stream = AsyncStream<[UInt8]> { continuation in
                for fragment in fragments { continuation.yield(fragment) }
                continuation.finish()
            }
            try await client.send(.text, fragments: stream)
            let after = metrics.snapshot
            var expectedWire = fragments.reduce(0) { $0 + RawFrame.maskedSize(payload: $1.count) }
            if fragments.count == 1 { expectedWire += RawFrame.maskedSize(payload: 0) }
            #expect(after.bytesOut - before.bytesOut == expectedWire, "one frame per fragment")
            #expect(after.messagesOut - before.messagesOut == 1)
            #expect(try await client.nextMessage() == .text(text))
            try await client.close()
        }
    }

    @Test("WS-ASYNC-SEND-FRAGMENTS: a fragmented message on the wire is one frame per fragment with FIN on the last")
    func fragmentsOnTheWire() async throws {
        let sent = Watch<Bool>(false)
        try await withServer(
            try .async { socket in
                let stream = AsyncStream<[UInt8]> { continuation in
                    for part in [[1, 2, 3], [4], [5, 6]] as [[UInt8]] { continuation.yield(part) }
                    continuation.finish()
                }
                try? await socket.send(.binary, fragments: stream)
                sent.update { $0 = true }
                _ = await socket.closed()
            }
        ) { server in
            let raw = try await server.raw()
            try await raw.upgrade()
            var frames: [RawFrame] = []
            for _ in 0..<3 { frames.append(try await raw.readFrame()) }
            #expect(frames.map(\.opcode) == [RawFrame.binary, RawFrame.continuation, RawFrame.continuation])
            #expect(frames.map(\.fin) == [false, false, true])
            #expect(frames.map(\.payload) == [[1, 2, 3], [4], [5, 6]])
            #expect(frames.allSatisfy { !$0.masked }, "server frames are not masked")
            try await sent.wait("the send to finish") { $0 }
            await raw.close()
        }
    }

    @Test(
        "WS-SERVER-ECHO: over IPv6 loopback ([::1])",
        .enabled(if: TransportTestSupport.hasIPv6Loopback, "no IPv6 loopback on this machine"))
    func echoIPv6() async throws {
        try await withServer(try .echo(host: "::1")) { server in
            #expect(server.url().hasPrefix("ws://[::1]:"))
            let client = try await server.connect()
            try await client.send(text: "over six")
            #expect(try await client.nextMessage() == .text("over six"))
            #expect(client.channel.remoteAddress?.isIPv6 == true)
            try await client.close()
        }
    }

    @Test("WS-SERVER-ECHO: 40 concurrent clients each get exactly their own messages back")
    func manyClients() async throws {
        try await withServer(try .echo()) { server in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for index in 0..<40 {
                    tasks.addTask {
                        let client = try await server.connect()
                        for round in 0..<10 { try await client.send(text: "client \(index) message \(round)") }
                        for round in 0..<10 {
                            #expect(try await client.nextMessage() == .text("client \(index) message \(round)"))
                        }
                        #expect(try await client.close() == .normalClosure)
                    }
                }
                try await tasks.waitForAll()
            }
            try await eventually("the server to forget its connections") { server.server.connectionCount == 0 }
            #expect(server.metrics.connectionsTotal == 40)
            #expect(server.metrics.messagesIn == 400)
            #expect(server.metrics.messagesOut == 400)
        }
    }

    @Test("WS-CLIENT-DATA-AFTER-101: a message the server sends as it accepts arrives, even in the 101's segment")
    func messageRightAfterHandshake() async throws {
        let delegates = ServerDelegates {
            RecordingDelegate(echo: true) { channel in try? channel.send(text: "welcome") }
        }
        try await withServer(try .callback(makeDelegate: delegates.makeDelegate)) { server in
            for _ in 0..<5 {
                let client = try await server.connect()
                #expect(try await client.nextMessage() == .text("welcome"))
                try await client.send(text: "and back")
                #expect(try await client.nextMessage() == .text("and back"))
                try await client.close()
            }
        }
    }

    @Test("WS-SERVER-DATA-AFTER-REQUEST: a frame sent right behind the upgrade request, in the same segment, is answered")
    func frameRightAfterRequest() async throws {
        try await withServer(try .echo()) { server in
            let raw = try await server.raw()
            let frame = RawFrame(opcode: RawFrame.text, payload: Array("eager".utf8))
            try await raw.write(RawSocket.upgradeRequest() + frame.encoded())
            let response = try await raw.readResponse()
            #expect(response.status == 101)
            #expect(response.headers.first("Sec-WebSocket-Accept") == RawSocket.sampleAccept)
            let echo = try await raw.readFrame()
            #expect(echo == RawFrame(opcode: RawFrame.text, payload: Array("eager".utf8)))
            await raw.close()
        }
    }
}
