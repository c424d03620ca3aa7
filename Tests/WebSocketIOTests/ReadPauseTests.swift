import Synchronization
import Testing
@testable import WebSocketIO

/// Echoes and records, on the loop, the largest outbound buffer and whether reading stopped while not writable.
private final class RecordingEcho: WebSocketChannelDelegate, @unchecked Sendable {
    struct Record: Sendable {
        var maxBuffered = 0
        var echoed = 0
        var becameUnwritable = false
        var readingWhileUnwritable = false
    }
    let record = Watch(Record())

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        try? channel.send(message)
        let buffered = channel.bufferedOutboundBytes
        record.update {
            $0.echoed += 1
            $0.maxBuffered = max($0.maxBuffered, buffered)
        }
    }

    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {
        let reading = (channel.stream as? TCPConnection)?.isReading ?? true
        record.update {
            if !isWritable {
                $0.becameUnwritable = true
                if reading { $0.readingWhileUnwritable = true }
            }
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct ReadPauseTests {
    @Test("WS-READ-PAUSE-WHEN-NOT-WRITABLE: a peer that never reads cannot grow the server's buffers")
    func peerThatNeverReads() async throws {
        var configuration = WebSocketConfiguration()
        configuration.writeBufferHighWaterMark = 256 << 10
        configuration.writeBufferLowWaterMark = 64 << 10
        let echo = RecordingEcho()
        let group = try EventLoopGroup(numberOfThreads: 1)
        let server = try WebSocketServer.start(
            host: "127.0.0.1", port: 0, configuration: configuration, group: group) { _ in echo }
        // A raw client that writes a handshake and 32 MiB of masked frames, and does not read until told.
        let peer = Watch(ConnectionRecord())
        let client = try await TCPClient.connect(
            host: "127.0.0.1", port: server.port, on: group.next(),
            makeHandler: { _ in RecordingHandler(peer, RecordingBehavior(keepBytes: false, pauseOnActive: true)) })
        let message = Frame(opcode: .binary, maskingKey: MaskingKey(1, 2, 3, 4), payload: [UInt8](repeating: 7, count: 64 << 10)).encoded
        let handshake = Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8)
        let count = 512
        client.eventLoop.execute {
            client.write(handshake)
            for _ in 0..<count { client.write(message) }
        }
        let stalled = await echo.record.wait { $0.becameUnwritable }
        #expect(stalled.becameUnwritable)
        #expect(!stalled.readingWhileUnwritable, "the server stops reading while it cannot write")
        // Now read everything: every message comes back, and the server never buffered much beyond its mark.
        client.eventLoop.execute { client.resumeReading() }
        let done = await echo.record.wait { $0.echoed == count }
        #expect(done.echoed == count)
        #expect(done.maxBuffered < 4 << 20, "outbound stayed bounded: \(done.maxBuffered) bytes")
        let expected = count * (message.count - 4)
        await peer.wait { $0.receivedCount >= expected }
        #expect(peer.value.receivedCount >= expected)
        client.eventLoop.execute { client.abort() }
        await server.shutdown(timeout: .seconds(1))
        await group.shutdownGracefully()
    }
}
