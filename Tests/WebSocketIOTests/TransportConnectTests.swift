#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Transport
@testable import WebSocketIO

@Suite("Transport connect", .timeLimit(.minutes(1)))
struct TransportConnectTests {
    @Test("WS-IO-CONNECT-REFUSED: connecting to a port nobody listens on fails with a typed ECONNREFUSED error")
    func refused() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        let port = server.port
        await server.stop()
        await #expect(throws: TransportError.posix(operation: "connect", code: ECONNREFUSED)) {
            _ = try await TCPClient.connect(host: "127.0.0.1", port: port, on: group.next()) { _ in EchoHandler() }
        }
    }

    @Test("WS-IO-CONNECT-TIMEOUT: a connect that gets no answer fails with connectTimedOut after its timeout")
    func timeout() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        // A loopback listener that never accepts, with the smallest backlog: once its queue is full the kernel
        // drops further SYNs, so the next connect gets no answer.
        let address = try SocketAddress.resolve(host: "127.0.0.1", port: 0, passive: true)[0]
        let fd = try PosixSocketCalls.makeStreamSocket(family: address.family)
        defer { PosixSocketCalls.close(fd) }
        #expect(address.withSockAddr { bind(fd, $0, $1) } == 0)
        #expect(listen(fd, 0) == 0)
        let port = try #require(PosixSocketCalls.localAddress(fd)).port
        var timedOut = false
        var established: [TCPConnection] = []
        for _ in 0..<16 where !timedOut {
            do {
                established.append(
                    try await TCPClient.connect(
                        host: "127.0.0.1", port: port, on: group.next(), timeout: .milliseconds(200)
                    ) { _ in EchoHandler() })
            } catch {
                #expect(error == .connectTimedOut)
                timedOut = true
            }
        }
        #expect(timedOut)
        #expect(established.count < 16)
    }

    @Test("WS-IO-CONNECT-ORDER: connect resolves the host and tries its addresses in order (localhost works)")
    func localhost() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        let addresses = try SocketAddress.resolve(host: "localhost", port: server.port)
        #expect(!addresses.isEmpty)
        // "localhost" may list ::1 first; that attempt is refused and the next address (127.0.0.1) is tried.
        let (client, record) = try await TransportTestSupport.connectRecording(
            port: server.port, host: "localhost", on: group.next())
        #expect(client.remoteAddress?.host == "127.0.0.1")
        try await client.eventLoop.perform { client.write([42]) }
        #expect(await record.wait { $0.receivedCount == 1 }.bytes == [42])
    }

    @Test("WS-IO-RESOLVE-ERROR: an unresolvable host fails with a typed resolution error")
    func resolutionError() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        await #expect {
            _ = try await TCPClient.connect(host: "no such host.invalid", port: 80, on: group.next()) { _ in
                EchoHandler()
            }
        } throws: { error in
            if case .addressResolution = error as? TransportError { return true }
            return false
        }
    }

    @Test("WS-IO-MAX-CONNECTIONS: connections beyond the server's maximum are closed at once")
    func maxConnections() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let options = TCPServerOptions(maxConnections: 2)
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, options: options) { _ in
            EchoHandler()
        }
        var clients: [(TCPConnection, Watch<ConnectionRecord>)] = []
        for index in 0..<2 {
            let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
            try await client.eventLoop.perform { client.write([UInt8(index)]) }
            await record.wait { $0.receivedCount == 1 }
            clients.append((client, record))
        }
        #expect(server.connectionCount == 2)
        let (_, refused) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let refusedRecord = await refused.wait { $0.closed }
        #expect(refusedRecord.receivedCount == 0)
        // The first two still work; after one closes, a new connection is served.
        let (first, firstRecord) = clients[0]
        try await first.eventLoop.perform { first.close() }
        await firstRecord.wait { $0.closed }
        let (second, secondRecord) = clients[1]
        try await second.eventLoop.perform { second.write([7]) }
        await secondRecord.wait { $0.receivedCount == 2 }
        var served = false
        for _ in 0..<50 where !served {
            let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
            try await client.eventLoop.perform { client.write([5]) }
            let result = await record.wait { $0.receivedCount == 1 || $0.closed }
            served = result.receivedCount == 1
        }
        #expect(served)
    }

    @Test("WS-IO-REUSE-PORT: servers that set reusePort share a port and both get connections; one that does not is refused the port")
    func reusePort() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        var options = TCPServerOptions()
        options.reusePort = true
        let first = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, options: options) { _ in
            EchoHandler()
        }
        let second = try TCPServer.bind(host: "127.0.0.1", port: first.port, group: group, options: options) { _ in
            EchoHandler()
        }
        #expect(second.port == first.port)
        // Linux picks the listener by a hash of each connection's addresses: among 64 connections from different
        // ports, both get some (all on one: a chance of 2 in 2^64).
        var clients: [TCPConnection] = []
        for _ in 0..<64 {
            let client = try await TCPClient.connect(host: "127.0.0.1", port: first.port, on: group.next()) { _ in
                EchoHandler()
            }
            clients.append(client)
        }
        try await eventually("all 64 connections accepted") { first.connectionCount + second.connectionCount == 64 }
        #expect(first.connectionCount > 0)
        #expect(second.connectionCount > 0)
        #expect(throws: TransportError.posix(operation: "bind", code: EADDRINUSE)) {
            _ = try TCPServer.bind(host: "127.0.0.1", port: first.port, group: group) { _ in EchoHandler() }
        }
        for client in clients { try await client.eventLoop.perform { client.close() } }
        await first.stop()
        await second.stop()
    }

    @Test("WS-IO-ACCEPT-CONSTANT: the handler factory is called at the same stack depth for the 300th connection as for the first")
    func acceptCostConstant() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        // How many frames lie between the loop thread's entry and the factory, per accepted connection: every
        // accept takes the same path, so it is the same count each time, unless wrappers pile up between the
        // listener and the factory. Frames are counted by unwinding (backtrace(3)), not read off a local's address:
        // under AddressSanitizer locals live on a fake stack whose addresses say nothing about depth.
        let depths = Mutex<[Int]>([])
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            depths.withLock { $0.append(StackDepth.frames()) }
            return EchoHandler()
        }
        for _ in 0..<300 {
            let raw = try await RawSocket.connect(port: server.port)
            await raw.close()
        }
        try await eventually("300 connections accepted") { depths.withLock { $0.count } == 300 }
        let (first, last) = depths.withLock { ($0[0], $0[299]) }
        #expect(first > 0, "backtrace(3) found no frames")
        #expect(first == last, "the 300th factory call is \(last - first) frames deeper than the first")
        await server.stop()
    }

    @Test("WS-IO-GRACEFUL-STOP: stopping a server stops accepting but keeps open connections")
    func gracefulStop() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        await server.stop()
        try await client.eventLoop.perform { client.write([1, 2]) }
        #expect(await record.wait { $0.receivedCount == 2 }.bytes == [1, 2])
        await #expect(throws: TransportError.posix(operation: "connect", code: ECONNREFUSED)) {
            _ = try await TCPClient.connect(host: "127.0.0.1", port: server.port, on: group.next()) { _ in
                EchoHandler()
            }
        }
    }
}
