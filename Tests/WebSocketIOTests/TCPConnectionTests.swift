#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Transport
@testable import WebSocketIO

@Suite("TCP connection", .timeLimit(.minutes(1)))
struct TCPConnectionTests {
    @Test("WS-IO-WRITE-COALESCE: all writes of one loop iteration leave in a single send/sendmsg call")
    func coalescing() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder(RecordingBehavior(keepBytes: true))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let small = TransportTestSupport.pattern(16)
        let large = TransportTestSupport.pattern(4096, seed: 7)
        var expected: [UInt8] = []
        for index in 0..<100 {
            expected += small
            if index % 10 == 0 { expected += large }
        }
        let (before, queued) = try await client.eventLoop.perform {
            let before = client.writeSyscalls
            for index in 0..<100 {
                client.write(small)
                if index % 10 == 0 { client.write(large) }  // shared chunks: separate iovecs
            }
            return (before, client.bufferedOutboundBytes)
        }
        #expect(queued == expected.count)
        let after = try await client.eventLoop.perform { client.writeSyscalls }
        #expect(after - before == 1)
        let expectedCount = expected.count
        let received = await recorder.connection(0).wait { $0.receivedCount >= expectedCount }
        #expect(received.bytes == expected)
    }

    @Test("WS-IO-BACKPRESSURE-WRITE: output to a peer that does not read crosses the high-water mark, then recovers")
    func backpressure() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder(RecordingBehavior(keepBytes: false, pauseOnActive: true))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let marks = TCPConnectionOptions(writeBufferHighWaterMark: 2 << 20, writeBufferLowWaterMark: 1 << 20)
        let (client, record) = try await TransportTestSupport.connectRecording(
            port: server.port, on: group.next(), options: marks)
        let serverSide = await recorder.connection(0)
        await serverSide.wait { $0.active }
        let chunk = [UInt8](repeating: 1, count: 256 << 10)
        let limit = 512 << 20
        // Write 256 KiB per loop iteration while the connection stays writable. The kernel takes bytes until the
        // paused peer's receive buffer and our send buffer are full; then the queue grows past the high-water mark.
        var written = 0
        while written < limit {
            let writable = try await client.eventLoop.perform {
                client.write(chunk)
                return client.isWritable
            }
            written += chunk.count
            if !writable { break }
        }
        #expect(written < limit)
        let blocked = await record.wait { !$0.writability.isEmpty }
        #expect(blocked.writability == [false])
        // Kernel buffers are full: after more iterations, the bytes are still queued.
        for _ in 0..<3 { _ = try await client.eventLoop.perform { 0 } }
        #expect(try await client.eventLoop.perform { client.bufferedOutboundBytes } > 2 << 20)
        let serverConnection = try #require(serverSide.value.connection)
        try await serverConnection.eventLoop.perform { serverConnection.resumeReading() }
        let recovered = await record.wait { $0.writability.count >= 2 }
        #expect(recovered.writability == [false, true])
        let total = written
        await serverSide.wait { $0.receivedCount >= total }
        #expect(serverSide.value.receivedCount == total)
        #expect(try await client.eventLoop.perform { client.bufferedOutboundBytes } == 0)
    }

    @Test("WS-IO-PAUSE-READING: a paused connection delivers nothing until reading resumes")
    func pauseReading() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let recorder = ServerRecorder(RecordingBehavior(pauseOnActive: true))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: loop)
        let serverSide = await recorder.connection(0)
        await serverSide.wait { $0.active }
        let data = TransportTestSupport.pattern(10_000)
        try await loop.perform { client.write(data) }
        // The write left at the end of that iteration; loopback delivered it into the server socket at once. Let the
        // (single) loop run more iterations, each of which would report the socket if it were watched.
        for _ in 0..<5 { _ = try await loop.perform { client.bufferedOutboundBytes } }
        #expect(serverSide.value.receivedCount == 0)
        let serverConnection = try #require(serverSide.value.connection)
        #expect(try await loop.perform { serverConnection.isReading } == false)
        try await loop.perform { serverConnection.resumeReading() }
        let received = await serverSide.wait { $0.receivedCount >= data.count }
        #expect(received.bytes == data)
    }

    @Test("WS-IO-GRACEFUL-CLOSE: close() sends all queued bytes before the connection closes")
    func gracefulClose() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let payload = TransportTestSupport.pattern(4 << 20, seed: 3)
        let recorder = ServerRecorder(
            RecordingBehavior(onActive: { connection in
                connection.write(payload)
                connection.close()
            }))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (_, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let result = await record.wait { $0.closed }
        #expect(result.bytes == payload)
        #expect(result.eof)
        let serverSide = await recorder.connection(0).wait { $0.closed }
        #expect(serverSide.closeError == nil)
    }

    @Test("WS-IO-LINGERING-CLOSE: a connection closed with the peer's input unread still delivers its whole reply and a clean end of stream")
    func lingeringClose() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let reply = TransportTestSupport.pattern(200 << 10, seed: 5)
        // The server answers the first bytes and closes at once, as a server refusing a request does; the peer's
        // 512 KiB (more than one read of the loop's buffer) are still arriving. Closed in one step, the kernel would
        // reset the connection for the unread bytes, and the peer's sends would fail.
        let recorder = ServerRecorder(
            RecordingBehavior(keepBytes: false, onReceived: { connection in
                connection.write(reply)
                connection.close()
            }))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let loop = group.loops[0]
        let timersBefore = try await loop.perform { loop.pendingTimerCount }
        let peer = try await RawSocket.connect(port: server.port, sending: [UInt8](repeating: 7, count: 512 << 10))
        let (bytes, ending) = try await peer.readToEnd()
        #expect(bytes == reply)
        #expect(ending == .eof)
        await peer.close()
        let closed = try await recorder.connection(0).wait("the server to close after the peer's end") { $0.closed }
        #expect(closed.closeError == nil)
        #expect(try await loop.perform { loop.pendingTimerCount } == timersBefore, "the linger timer was cancelled")
    }

    @Test("WS-IO-LINGERING-CLOSE: a peer that neither closes nor stops sending cannot hold a closing connection")
    func lingeringCloseBounded() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder(
            RecordingBehavior(keepBytes: false, onReceived: { connection in
                connection.write(Array("bye".utf8))
                connection.close()
            }))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        // A silent peer: the connection closes lingerTimeout after its FIN (the clock starts before the connection,
        // so a test task resumed late cannot make the wait look shorter).
        let start = ContinuousClock.now
        let silent = try await RawSocket.connect(port: server.port, sending: [1])
        #expect(try await silent.read("the reply") { $0.count >= 3 ? (Array($0.prefix(3)), 3) : nil } == Array("bye".utf8))
        _ = try await recorder.connection(0).wait("the silent peer's connection to close") { $0.closed }
        #expect(elapsed(since: start) >= TCPConnection.lingerTimeout)
        // A peer that keeps sending: the connection closes once it has discarded lingerDiscardLimit bytes, with the
        // rest unread, so the peer's sends fail long before 16 MiB (a server that read on until the peer's end would
        // take them all).
        let flooding = try await RawSocket.connect(port: server.port, sending: [1])
        let chunk = [UInt8](repeating: 2, count: 256 << 10)
        var sendsFailed = false
        do {
            for _ in 0..<(16 * TCPConnection.lingerDiscardLimit / chunk.count) { try await flooding.write(chunk) }
        } catch {
            sendsFailed = true
        }
        #expect(sendsFailed)
        _ = try await recorder.connection(1).wait("the flooding peer's connection to close") { $0.closed }
        await silent.close()
        await flooding.close()
    }

    @Test("WS-IO-ABORT: abort() closes at once, dropping queued bytes and resetting the peer")
    func abort() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let recorder = ServerRecorder(
            RecordingBehavior(onActive: { connection in
                connection.write([UInt8](repeating: 1, count: 8 << 20))
                connection.abort()
                precondition(!connection.isOpen)
            }))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        do {
            let (_, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
            let result = await record.wait { $0.closed }
            #expect(result.receivedCount == 0)
            #expect(result.closeError?.posixCode == ECONNRESET)
        } catch let error as TransportError {
            // The reset may reach the client before its loop has seen the connect complete: then the connect
            // itself reports it.
            #expect(error.posixCode == ECONNRESET, "\(error)")
        }
        let serverSide = await recorder.connection(0).wait { $0.closed }
        #expect(serverSide.closeError == nil)
    }

    @Test("WS-IO-HALF-CLOSE: the peer's end of stream is reported and, with half closure, the reply still flows")
    func halfClose() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let options = TCPServerOptions(connection: TCPConnectionOptions(allowHalfClosure: true))
        let recorder = ServerRecorder(
            RecordingBehavior(onEOF: { connection in
                connection.write(Array("bye".utf8))
                connection.close()
            }))
        let server = try TCPServer.bind(
            host: "127.0.0.1", port: 0, group: group, options: options, makeHandler: recorder.makeHandler)
        let (client, record) = try await TransportTestSupport.connectRecording(
            port: server.port, on: group.next(), options: TCPConnectionOptions(allowHalfClosure: true))
        try await client.eventLoop.perform {
            client.write(Array("hello".utf8))
            client.shutdownOutput()
            client.write([0])  // ignored after shutdownOutput
        }
        let serverSide = await recorder.connection(0).wait { $0.closed }
        #expect(serverSide.bytes == Array("hello".utf8))
        #expect(serverSide.eof)
        let result = await record.wait { $0.eof }
        #expect(result.bytes == Array("bye".utf8))
        try await client.eventLoop.perform { client.close() }
        #expect(await record.wait { $0.closed }.closeError == nil)
    }

    @Test("WS-IO-EOF-CLOSE: without half closure, the peer's end of stream closes the connection")
    func eofCloses() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder()
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        try await client.eventLoop.perform { client.shutdownOutput() }
        let serverSide = await recorder.connection(0).wait { $0.closed }
        #expect(serverSide.eof)
        #expect(serverSide.closeError == nil)
        #expect(await record.wait { $0.closed }.eof)
    }

    @Test("WS-IO-NODELAY: accepted and connected sockets have TCP_NODELAY set")
    func noDelay() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder()
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let serverConnection = try #require(await recorder.connection(0).wait { $0.active }.connection)
        for connection in [client, serverConnection] {
            let value = try await connection.eventLoop.perform {
                PosixSocketCalls.intOption(connection.fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY)
            }
            #expect(value != nil && value != 0)
        }
    }

    @Test("WS-IO-SIGPIPE: writing to a reset connection reports a typed error instead of raising SIGPIPE")
    func noSigpipe() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let recorder = ServerRecorder()
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, record) = try await TransportTestSupport.connectRecording(
            port: server.port, on: group.next(), behavior: RecordingBehavior(pauseOnActive: true))
        let serverConnection = try #require(await recorder.connection(0).wait { $0.active }.connection)
        try await serverConnection.eventLoop.perform { serverConnection.abort() }
        await recorder.connection(0).wait { $0.closed }
        let chunk = [UInt8](repeating: 2, count: 64 * 1024)
        var open = true
        while open {
            open = try await client.eventLoop.perform {
                client.write(chunk)
                return client.isOpen
            }
        }
        let result = await record.wait { $0.closed }
        let code = try #require(result.closeError?.posixCode)
        #expect(code == EPIPE || code == ECONNRESET)
    }
}
