import Testing
@testable import WebSocketIO

@Suite("Transport echo", .timeLimit(.minutes(1)))
struct TransportEchoTests {
    @Test(
        "WS-IO-ECHO: bytes written by a client come back unchanged through an echo server",
        arguments: [1, 1000, 65_536, 1_000_000, 8 * 1024 * 1024])
    func echoRoundTrip(size: Int) async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let data = TransportTestSupport.pattern(size)
        try await client.eventLoop.perform { client.write(data) }
        let result = await record.wait { $0.receivedCount >= size }
        #expect(result.receivedCount == size)
        #expect(result.bytes == data)
        #expect(result.offLoopCallbacks == 0)
    }

    @Test("WS-IO-LOOP-AFFINITY: handler callbacks run on the connection's loop thread")
    func callbacksOnLoop() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let recorder = ServerRecorder(RecordingBehavior(echo: true))
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group, makeHandler: recorder.makeHandler)
        let (client, record) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        try await client.eventLoop.perform { client.write([1, 2, 3]) }
        await record.wait { $0.receivedCount == 3 }
        try await client.eventLoop.perform { client.close() }
        let serverRecord = await recorder.connection(0).wait { $0.closed }
        let clientRecord = await record.wait { $0.closed }
        #expect(serverRecord.offLoopCallbacks == 0)
        #expect(clientRecord.offLoopCallbacks == 0)
        #expect(serverRecord.eof)
        #expect(clientRecord.closeError == nil)
    }

    @Test("WS-IO-MANY-CONNECTIONS: hundreds of concurrent connections each get their own bytes back")
    func manyConnections() async throws {
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        let count = 200
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<count {
                tasks.addTask {
                    let (client, record) = try await TransportTestSupport.connectRecording(
                        port: server.port, on: group.next())
                    let data = TransportTestSupport.pattern(100 + index, seed: index)
                    try await client.eventLoop.perform { client.write(data) }
                    let result = await record.wait { $0.receivedCount >= data.count }
                    try await client.eventLoop.perform { client.close() }
                    return result.bytes == data
                }
            }
            var good = 0
            for try await ok in tasks where ok { good += 1 }
            #expect(good == count)
        }
    }

    @Test("WS-IO-PORT-ZERO: binding port 0 reports the chosen port")
    func portZero() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in EchoHandler() }
        #expect(server.port > 0)
        #expect(server.localAddress.host == "127.0.0.1")
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        #expect(client.remoteAddress?.port == server.port)
    }

    @Test(
        "WS-IO-IPV6: a server bound to [::1] accepts IPv6 connections",
        .enabled(if: TransportTestSupport.hasIPv6Loopback, "no IPv6 loopback on this machine"))
    func ipv6() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let server = try TCPServer.bind(host: "[::1]", port: 0, group: group) { _ in EchoHandler() }
        #expect(server.localAddress.isIPv6)
        let (client, record) = try await TransportTestSupport.connectRecording(
            port: server.port, host: "::1", on: group.next())
        #expect(client.remoteAddress?.isIPv6 == true)
        try await client.eventLoop.perform { client.write([9, 8, 7]) }
        let result = await record.wait { $0.receivedCount == 3 }
        #expect(result.bytes == [9, 8, 7])
    }
}
