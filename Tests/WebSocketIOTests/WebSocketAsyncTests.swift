import Testing
@testable import WebSocketIO

@Suite("WebSocket async API", .timeLimit(.minutes(1)))
struct WebSocketAsyncTests {
    @Test("WS-ASYNC-CLOSE: the close code and reason reach the peer; both message sequences end; sends then throw")
    func closeBothSides() async throws {
        let sockets = Watch<[WebSocket]>([])
        try await withServer(try .echo(sockets: sockets)) { server in
            let client = try await server.connect()
            try await client.send(text: "hi")
            #expect(try await client.nextMessage() == .text("hi"))
            let serverSocket = try await sockets.wait("the server connection") { !$0.isEmpty }[0]
            #expect(serverSocket.closeInfo == nil)
            let code = try await within(stepLimit, "close") {
                try await client.close(code: CloseCode(4321), reason: "finished here")
            }
            // The initiator reports the code the peer echoed (no reason in the reply).
            #expect(code == CloseCode(4321))
            #expect(client.closeInfo?.code == CloseCode(4321))
            // The peer reports our code and reason.
            #expect(try await serverSocket.closeCode() == CloseCode(4321))
            #expect(serverSocket.closeInfo?.reason == "finished here")
            #expect(try await client.remainingMessages().isEmpty)
            do throws(WebSocketError) {
                try await client.send(text: "too late")
                Issue.record("sent after close")
            } catch {
                #expect(error == .closed(CloseCode(4321)))
            }
            // Closing again returns the same code at once.
            #expect(try await client.close() == CloseCode(4321))
        }
    }

    @Test("WS-ASYNC-MESSAGES-END: messages that arrived before the close are still delivered, then the sequence ends")
    func bufferedThenEnd() async throws {
        let delegates = ServerDelegates {
            RecordingDelegate { channel in
                for index in 0..<5 { try? channel.send(text: "message \(index)") }
                try? channel.close(code: .normalClosure, reason: "that's all")
            }
        }
        try await withServer(try .callback(makeDelegate: delegates.makeDelegate)) { server in
            let client = try await server.connect()
            // Wait for the close first: the messages stay queued for the reader.
            #expect(try await client.closeCode() == .normalClosure)
            #expect(client.closeInfo?.reason == "that's all")
            let messages = try await client.remainingMessages()
            #expect(messages == (0..<5).map { .text("message \($0)") })
            // A new iterator ends at once.
            #expect(try await client.remainingMessages().isEmpty)
        }
    }

    @Test("WS-ASYNC-PING: ping awaits its pong; after the close it throws; an oversized payload is a usage error")
    func ping() async throws {
        try await withServer(try .echo()) { server in
            let client = try await server.connect()
            #expect(try await within(stepLimit, "the pong") { try await client.ping([1, 2, 3]) })
            // Several pings in flight all get answered.
            try await within(stepLimit, "concurrent pongs") {
                try await withThrowingTaskGroup(of: Bool.self) { tasks in
                    for index in 0..<10 { tasks.addTask { try await client.ping([UInt8(index)]) } }
                    for try await answered in tasks { #expect(answered) }
                }
            }
            do throws(WebSocketError) {
                _ = try await client.ping([UInt8](repeating: 0, count: 126))
                Issue.record("a 126-byte ping was sent")
            } catch {
                guard case .usage = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
            try await client.close()
            do throws(WebSocketError) {
                _ = try await client.ping()
                Issue.record("pinged a closed connection")
            } catch {
                #expect(error == .closed(.normalClosure))
            }
        }
    }

    @Test("WS-ASYNC-PING: a ping still waiting when the connection closes returns false")
    func pingUnansweredAtClose() async throws {
        let listener = try RawListener()
        let connecting = Task { try await WebSocket.connect(to: listener.url) }
        let peer = try await listener.accept()
        try await peer.acceptUpgrade()
        let client = try await within(stepLimit, "the connect") { try await connecting.value }
        let pinging = Task { try await client.ping([7]) }
        #expect(try await peer.readFrame().opcode == RawFrame.ping)
        await peer.reset()  // no pong, ever
        #expect(try await within(stepLimit, "the ping to give up") { try await pinging.value } == false)
        #expect(try await client.closeCode() == .abnormalClosure)
    }
}

@Suite("WebSocket async API: cancellation and fragment sources", .timeLimit(.minutes(1)))
struct WebSocketAsyncCancellationTests {
    @Test("WS-ASYNC-CANCEL: a task waiting for the next message returns nil when cancelled; the connection stays open")
    func cancelWaitingReader() async throws {
        try await withServer(try .echo()) { server in
            let client = try await server.connect()
            let messages = client.messages
            let started = Watch(false)
            let waiting = Task {
                started.update { $0 = true }
                var iterator = messages.makeAsyncIterator()
                return await iterator.next()
            }
            try await started.wait("the reader to start") { $0 }
            waiting.cancel()
            let result = try await within(stepLimit, "the cancelled reader to return") { await waiting.value }
            #expect(result == nil)
            #expect(client.closeInfo == nil, "cancelling a reader does not close the connection")
            // Nothing is lost: the next message goes to the next reader.
            try await client.send(text: "after cancel")
            #expect(try await client.nextMessage() == .text("after cancel"))
            // A reader in an already cancelled task returns at once.
            let cancelledFirst = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                var iterator = messages.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(try await within(stepLimit, "the cancelled reader") { await cancelledFirst.value } == nil)
            try await client.send(text: "still open")
            #expect(try await client.nextMessage() == .text("still open"))
            try await client.close()
        }
    }

    @Test(
        "WS-ASYNC-SEND-FRAGMENTS: a fragment source that fails does not leave a truncated message looking complete"
    )
    func failingFragmentSource() async throws {
        struct SourceFailed: Error {}
        let sockets = Watch<[WebSocket]>([])
        try await withServer(try .echo(sockets: sockets)) { server in
            let client = try await server.connect()
            let source = AsyncThrowingStream<[UInt8], any Error> { continuation in
                continuation.yield([1, 2, 3])
                continuation.yield([4])
                continuation.finish(throwing: SourceFailed())
            }
            do {
                var threw = false
                do throws(WebSocketError) {
                    try await client.send(.binary, fragments: source)
                } catch {
                    threw = true
                }
                #expect(threw, "the send reported no failure")
                // The connection closes with 1011 and the peer never sees the truncated message as a whole one.
                var echoed: [WebSocketMessage] = []
                for await message in client.messages { echoed.append(message) }
                #expect(echoed.isEmpty, "the peer received \(echoed)")
                #expect(await client.closed() == .internalError)
            }
            try await client.close()
        }
    }
}
