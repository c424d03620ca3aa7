import Testing
@testable import WebSocketIO

/// Records the chunks a channel delivers; pauses reading at the first one.
final class ChunkDelegate: WebSocketChannelDelegate, Sendable {
    let chunks = Watch<[MessageChunk]>([])
    let channel = Watch<WebSocketChannel?>(nil)

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        self.channel.update { $0 = channel }
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        Issue.record("a whole message with streaming on")
    }

    func webSocket(_ channel: WebSocketChannel, didReceive chunk: MessageChunk) {
        if chunk.isFirst { channel.pauseReading() }
        chunks.update { $0.append(chunk) }
    }
}

@Suite("WebSocket streaming callbacks", .timeLimit(.minutes(1)))
struct StreamingCallbackTests {
    @Test("WS-STREAM-BACKPRESSURE: the delegate gets bounded chunks; pauseReading holds them, resumeReading lets the rest come")
    func pauseAndResume() async throws {
        let delegate = ChunkDelegate()
        let configuration = makeConfiguration {
            $0.connection.messageDelivery = .streamed(maximumChunkSize: 16 << 10)
            $0.connection.limits.maximumMessageSize = 64 << 20
        }
        try await withServer(try .callback(configuration: configuration) { _ in delegate }) { server in
            let client = try await server.connect()
            let payload = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try await client.send(binary: payload)
            try await delegate.chunks.wait("the first chunk") { !$0.isEmpty }
            let channel = try #require(delegate.channel.value)
            // Paused: what the read under way produced is delivered, then nothing more across loop turns.
            _ = try await channel.onLoop { _ in 0 }
            let held = delegate.chunks.value.count
            for _ in 0..<3 { _ = try await channel.onLoop { _ in 0 } }
            #expect(delegate.chunks.value.count == held)
            #expect(delegate.chunks.value.last?.isFinal == false)
            _ = try await channel.onLoop { $0.resumeReading() }
            let chunks = try await delegate.chunks.wait("the final chunk") { $0.last?.isFinal == true }
            #expect(chunks.allSatisfy { $0.bytes.count <= 16 << 10 && $0.kind == .binary })
            #expect(chunks.first?.isFirst == true && chunks.dropFirst().allSatisfy { !$0.isFirst })
            #expect(chunks.flatMap(\.bytes) == payload)
            try await client.close()
        }
    }
}
