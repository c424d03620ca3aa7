import Testing
import WebSocketDeflate
@testable import WebSocketIO

/// The async streaming API over loopback (`Spec/streaming.md`).
@Suite("WebSocket streaming", .timeLimit(.minutes(2)))
struct StreamingAsyncTests {
    static func streaming(chunk: Int = MessageDelivery.defaultChunkSize, limit: Int = 1 << 30, deflate: Bool = false) -> WebSocketConfiguration {
        makeConfiguration {
            $0.connection.messageDelivery = .streamed(maximumChunkSize: chunk)
            $0.connection.limits.maximumMessageSize = limit
            if deflate { $0.extensions = [PerMessageDeflate()] }
        }
    }

    /// The next message stream, bounded.
    static func nextStream(_ socket: WebSocket) async throws -> WebSocketMessageStream {
        let streams = socket.messageStreams
        let next = try await within(stepLimit, "the next message stream") {
            var iterator = streams.makeAsyncIterator()
            return await iterator.next()
        }
        return try #require(next, "the message stream sequence ended")
    }

    @Test("WS-STREAM-ASYNC, WS-STREAM-UTF8, WS-STREAM-SEND-DEFLATE: text cut mid-code-point across fragments, compressed, arrives intact in valid chunks")
    func textAcrossFragments() async throws {
        let text = String(repeating: "Grüße, 世界! 😀 ", count: 20_000)
        let bytes = Array(text.utf8)
        let cut = 4099  // Not a multiple of any code point's length: fragments end mid-sequence.
        let received = Watch<(chunks: [[UInt8]], kind: Message.Kind?, extensions: [String])>(([], nil, []))
        let configuration = Self.streaming(chunk: 1000, deflate: true)
        try await withServer(try .async(configuration: configuration) { socket in
            for await message in socket.messageStreams {
                var chunks: [[UInt8]] = []
                do { for try await chunk in message.chunks { chunks.append(chunk) } } catch { return }
                let kind = message.kind
                received.update { $0 = (chunks, kind, socket.channel.extensionNames) }
            }
        }) { server in
            let client = try await server.connect(configuration: configuration)
            let count = (bytes.count + cut - 1) / cut
            try await client.send(.text, fragments: FragmentSource(count: count) { index in
                Array(bytes[index * cut..<min((index + 1) * cut, bytes.count)])
            })
            let result = try await received.wait("the streamed message") { $0.kind != nil }
            #expect(result.kind == .text)
            #expect(result.extensions == ["permessage-deflate"])
            #expect(result.chunks.allSatisfy { $0.count <= 1000 && String(validating: $0, as: UTF8.self) != nil })
            #expect(result.chunks.joined().elementsEqual(bytes))
            try await client.close()
        }
    }

    @Test("WS-STREAM-UTF8: invalid UTF-8 after 50 MiB of a 100 MiB streamed text closes with 1007 before the message ends")
    func invalidTextMidStream() async throws {
        let mebibyte = 1 << 20
        try await withServer(try .async { socket in
            let valid = [UInt8](repeating: 0x61, count: mebibyte)
            try? await socket.send(.text, fragments: FragmentSource(count: 100) { index in
                index == 50 ? [0x61, 0xFF] + valid.dropFirst(2) : valid
            })
        }) { server in
            let client = try await server.connect(configuration: Self.streaming(limit: 200 * mebibyte))
            let message = try await Self.nextStream(client)
            let outcome = try await within(.seconds(60), "the stream to fail") { () -> (Int, WebSocketError?) in
                var total = 0
                var iterator = message.chunks.makeAsyncIterator()
                do throws(WebSocketError) {
                    while let chunk = try await iterator.next() { total += chunk.count }
                } catch {
                    return (total, error)
                }
                return (total, nil)
            }
            #expect(outcome.1 == .closed(.invalidPayloadData))
            #expect(outcome.0 >= 50 * mebibyte - MessageDelivery.defaultChunkSize)
            #expect(outcome.0 <= 50 * mebibyte + 1)
            #expect(try await client.closeCode() == .invalidPayloadData)
        }
    }

    @Test("WS-STREAM-CONTROL: a ping sent while a streamed message is open is answered before the message ends")
    func pingMidStream() async throws {
        let pong = Watch<Bool?>(nil)
        try await withServer(try .async { socket in
            try? await socket.send(.binary, fragments: FragmentSource(count: 8) { index in
                if index == 4 {
                    let answered = (try? await socket.ping([9])) ?? false
                    pong.update { $0 = answered }
                }
                return [UInt8](repeating: UInt8(index), count: 100_000)
            })
        }) { server in
            let client = try await server.connect(configuration: Self.streaming(chunk: 64 << 10))
            let message = try await Self.nextStream(client)
            let bytes = try await within(stepLimit, "the message") { try await message.collect() }
            #expect(bytes.count == 800_000)
            #expect(bytes[400_000] == 4)
            #expect(pong.value == true)
            try await client.close()
        }
    }

    @Test("WS-STREAM-BACKPRESSURE: a consumer slower than the peer pauses reading; queued chunk bytes stay bounded")
    func slowConsumer() async throws {
        let mebibyte = 1 << 20
        try await withServer(try .async { socket in
            try? await socket.send(.binary, fragments: FragmentSource(count: 64) { _ in [UInt8](repeating: 7, count: mebibyte) })
        }) { server in
            let configuration = makeConfiguration {
                $0.connection.messageDelivery = .streamed(maximumChunkSize: 64 << 10)
                $0.connection.limits.maximumMessageSize = 1 << 30
                $0.inboundQueueByteLimit = mebibyte
            }
            let client = try await server.connect(configuration: configuration)
            let message = try await Self.nextStream(client)
            // Not reading: the queue fills to its byte limit and reading pauses.
            try await eventually("reading to pause") { client.bridge.state.withLock { $0.paused } }
            var largest = client.queuedMessageBytes
            var total = 0
            var iterator = message.chunks.makeAsyncIterator()
            while let chunk = try await iterator.next() {
                total += chunk.count
                largest = max(largest, client.queuedMessageBytes)
            }
            #expect(total == 64 * mebibyte)
            // The limit plus what one read brings in after the queue filled (a read is at most 128 KiB here).
            #expect(largest <= mebibyte + 256 << 10, "queued \(largest) bytes")
            try await client.close()
        }
    }

    @Test("WS-STREAM-ASYNC-ORDER: asking for the next message abandons the current one; its rest is discarded, the next arrives whole")
    func abandon() async throws {
        let first = [UInt8](repeating: 1, count: 3 << 20)
        try await withServer(try .async { socket in
            try? await socket.send(binary: first)
            try? await socket.send(text: "next")
        }) { server in
            let client = try await server.connect(configuration: Self.streaming(chunk: 64 << 10))
            let message = try await Self.nextStream(client)
            var chunks = message.chunks.makeAsyncIterator()
            let head = try await chunks.next()
            #expect(head?.isEmpty == false)
            let second = try await Self.nextStream(client)
            #expect(second.kind == .text)
            #expect(try await second.collect() == Array("next".utf8))
            await #expect(throws: WebSocketError.messageAbandoned) { _ = try await chunks.next() }
            try await client.close()
        }
    }
}
