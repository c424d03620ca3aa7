import Dispatch
import Testing
@testable import WebSocketIO

@Suite("WebSocket backpressure", .timeLimit(.minutes(1)))
struct WebSocketBackpressureTests {
    /// A binary message of `size` bytes whose first four bytes carry `index`.
    static func numbered(_ index: Int, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: size)
        for shift in 0..<4 { bytes[shift] = UInt8(truncatingIfNeeded: index >> (8 * (3 - shift))) }
        return bytes
    }

    static func index(of bytes: [UInt8]) -> Int {
        bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    }

    @Test("WS-BACKPRESSURE-WRITE: send awaits while the peer does not read; the buffer stays near the high-water mark")
    func writeSide() async throws {
        let high = 256 << 10
        let low = 64 << 10
        let chunk = 64 << 10
        let total = 48
        let delegates = ServerDelegates { RecordingDelegate(onOpen: { $0.pauseReading() }) }
        try await withServer(try .callback(makeDelegate: delegates.makeDelegate)) { server in
            let client = try await server.connect(
                configuration: makeConfiguration {
                    $0.writeBufferHighWaterMark = high
                    $0.writeBufferLowWaterMark = low
                })
            // A small kernel buffer: the client backs up after a few hundred KiB instead of megabytes.
            try await client.channel.setKernelSendBuffer(64 << 10)
            let writability = try await client.channel.watchWritability()
            let serverSide = try await delegates.delegate(0)
            let serverChannel = try await serverSide.channel()

            struct Progress: Sendable, Equatable {
                var started = 0
                var completed = 0
            }
            let progress = Watch(Progress())
            let sender = Task {
                for index in 0..<total {
                    progress.update { $0.started = index + 1 }
                    try await client.send(binary: Self.numbered(index, size: chunk))
                    progress.update { $0.completed = index + 1 }
                }
            }
            // The socket backs up and the connection reports itself not writable...
            try await writability.wait("the client to become not writable") { $0.first == false }
            // ...and the sender stops inside a send: no progress across several loop iterations.
            var parked: Progress?
            for _ in 0..<50 {
                let before = progress.value
                for _ in 0..<3 { _ = try await client.channel.onLoop { _ in 0 } }
                let after = progress.value
                if before == after && after.started > after.completed {
                    parked = after
                    break
                }
                if after.completed == total { break }
            }
            let stopped = try #require(parked, "the sender never stopped: \(progress.value.completed) of \(total) sent")
            #expect(stopped.completed < total)
            let buffered = try await client.channel.onLoop { $0.bufferedOutboundBytes }
            #expect(buffered > low, "not drained to the low-water mark while blocked")
            #expect(buffered <= high + chunk + 14, "at most one message beyond the high-water mark")
            #expect(try await client.channel.onLoop { $0.isWritable } == false)

            // The server reads again: every send completes and every message arrives, in order.
            serverChannel.eventLoop.execute { serverChannel.resumeReading() }
            try await within(.seconds(20), "the sender to finish") { try await sender.value }
            let received = try await serverSide.events.wait("every message", within: .seconds(20)) {
                $0.messages.count == total
            }
            #expect(received.messages.map { Self.index(of: $0.bytes) } == Array(0..<total))
            let changes = try await writability.wait("writable again") { $0.count >= 2 }
            #expect(Array(changes.prefix(2)) == [false, true])
            try await client.close()
        }
    }

    @Test(
        "WS-BACKPRESSURE-READ: a reader that does not consume makes the server stop reading with a bounded queue; reading resumes as it consumes"
    )
    func readSide() async throws {
        let limit = 8
        let size = 1024
        let total = 200
        let sockets = Watch<[WebSocket]>([])
        let server = try TestServer.async(
            configuration: makeConfiguration { $0.inboundMessageQueueLimit = limit },
            readBufferSize: 4096,  // at most 4 messages of 1 KiB per read
            onConnection: { socket in
                sockets.update { $0.append(socket) }
                _ = await socket.closed()
            })
        try await withServer(server) { server in
            let client = try await server.connect()
            let serverSocket = try await sockets.wait("the server connection") { !$0.isEmpty }[0]
            let sender = Task {
                for index in 0..<total { try await client.send(binary: Self.numbered(index, size: size)) }
            }
            // Nobody reads on the server: it stops reading from the socket.
            try await eventually("the server to stop reading") {
                try await !serverSocket.channel.isReadingNow()
            }
            let perRead = 4096 / RawFrame.maskedSize(payload: size) + 1
            let queued = serverSocket.queuedMessageCount
            #expect(queued >= limit)
            #expect(queued <= limit + perRead, "the queue holds the limit plus at most one read's messages")
            // It stays stopped: a few loop iterations later nothing more was queued.
            for _ in 0..<5 { _ = try await serverSocket.channel.onLoop { _ in 0 } }
            #expect(serverSocket.queuedMessageCount == queued)
            #expect(try await !serverSocket.channel.isReadingNow())
            // Consuming resumes reading; everything arrives, in order, and the queue never outgrows its bound.
            var largest = queued
            for index in 0..<total {
                let message = try await serverSocket.nextMessage()
                guard case .binary(let bytes) = message else {
                    Issue.record("unexpected \(message)")
                    return
                }
                #expect(Self.index(of: bytes) == index)
                largest = max(largest, serverSocket.queuedMessageCount)
            }
            #expect(largest <= limit + perRead)
            try await within(stepLimit, "the sender to finish") { try await sender.value }
            try await client.close()
        }
    }

    @Test(
        "WS-BACKPRESSURE-READ: when the queue refills before a reader's resume reaches the loop, reading stays paused"
    )
    func resumeAfterRefill() async throws {
        // A bridge driven by hand on a real connection's loop, to order the steps of the race exactly: the reader
        // drains the queue (scheduling a resume on the loop) while the loop is still delivering the rest of a read
        // that fills the queue again.
        let limit = 4
        let delegates = ServerDelegates { RecordingDelegate() }
        try await withServer(try .callback(makeDelegate: delegates.makeDelegate)) { server in
            let client = try await server.connect()
            let channel = try await delegates.delegate(0).channel()
            let bridge = AsyncBridge(limit: .init(messages: limit, bytes: .max))
            bridge.channel = channel
            let message = Message.text("m")
            // The loop delivers `limit` messages: the bridge pauses reading.
            try await channel.onLoop { channel in
                for _ in 0..<limit { bridge.webSocket(channel, didReceive: message) }
            }
            #expect(try await !channel.isReadingNow())
            // The loop is busy with a read (blocked here until the reader has drained the queue)...
            let drained = DispatchSemaphore(value: 0)
            let delivering = Task {
                try await channel.onLoop { channel -> Bool in
                    guard drained.wait(timeout: .now() + 5) == .success else { return false }
                    // ...and the rest of that read fills the queue again.
                    for _ in 0..<limit { bridge.webSocket(channel, didReceive: message) }
                    return true
                }
            }
            for _ in 0..<(limit - limit / 2) { _ = await bridge.nextMessage() }  // schedules a resume on the loop
            drained.signal()
            #expect(try await delivering.value, "the loop step ran")
            // The resume scheduled by the reader runs after the refill: the queue is full, reading must stay off.
            for _ in 0..<3 { _ = try await channel.onLoop { _ in 0 } }
            #expect(bridge.state.withLock { $0.queue.count - $0.head } >= limit)
            #expect(try await !channel.isReadingNow(), "reading resumed with a full queue")
            try await channel.onLoop { $0.resumeReading() }
            #expect(try await client.close() == .normalClosure)
        }
    }
}
