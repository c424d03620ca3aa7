import RedisTestSupport
import RESP
import RedisClient
import Synchronization
import Testing
import Transport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client against a hand-written server that misbehaves on purpose.
@Suite("Redis client against a fake server", .timeLimit(.minutes(1)))
struct RedisFakeServerTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("REDIS-GARBAGE-TYPED, REDIS-HANDSHAKE: garbage ends the connection with a typed error, then a retry connects (falling back to RESP2 when HELLO is refused)")
    func garbage() async throws {
        let server = try FakeRedisServer { connection, command in
            if connection == 0 { return Self.bytes("@garbage\r\n") }
            switch command.first?.uppercased() {
            case "HELLO": return Self.bytes("-ERR unknown command 'HELLO'\r\n")
            case "PING": return Self.bytes("+PONG\r\n")
            default: return Self.bytes("-ERR unexpected\r\n")
            }
        }
        defer { server.stop() }
        let connection = RedisConnection(configuration: .test(port: server.port))
        let updates = connection.stateUpdates()
        let failed = try await waitForState(updates, "the garbage failure") { $0.isDisconnected }
        #expect(failed == .disconnected(.malformedReply(.unknownType(UInt8(ascii: "@")))))
        try await waitForState(updates, "the retry") { $0.isConnected }
        #expect(connection.state == .connected(.resp2))
        #expect(try await connection.send("PING") == .simpleString("PONG"))
        #expect(server.connections == 2)
        #expect(connection.counters.failedAttempts == 1)
        await connection.close()
    }

    @Test("REDIS-GARBAGE-TYPED: a malformed reply to a command fails that command with the parser's error")
    func garbageReply() async throws {
        let server = try FakeRedisServer { _, command in
            switch command.first?.uppercased() {
            case "HELLO": return Self.bytes("-ERR unknown command\r\n")
            case "GET": return Self.bytes("$99999999999999999999\r\n")
            default: return Self.bytes("+OK\r\n")
            }
        }
        defer { server.stop() }
        let connection = try await RedisConnection.connect(configuration: .test(port: server.port))
        let updates = connection.stateUpdates()
        await #expect(throws: RedisError.malformedReply(.invalidLength)) { try await connection.send("GET", "k") }
        try await waitForState(updates, "the disconnection") { $0.reason == .malformedReply(.invalidLength) }
        try await waitForState(updates, "the reconnection") { $0.isConnected }
        await connection.close()
    }

    @Test("REDIS-CLOSED-MID-REPLY: a server closing in the middle of a reply fails the command with connectionClosed; the client reconnects")
    func closedMidReply() async throws {
        let halfReplied = Mutex(false)
        let server = try FakeRedisServer { connection, command in
            switch command.first?.uppercased() {
            case "HELLO": return Self.bytes("-ERR unknown command\r\n")
            case "GET" where connection == 0:
                halfReplied.withLock { $0 = true }
                return Self.bytes("$10\r\nhel")
            case "GET": return Self.bytes("$5\r\nhello\r\n")
            case "QUIT": return nil
            default: return Self.bytes("+OK\r\n")
            }
        }
        defer { server.stop() }
        var configuration = RedisConfiguration.test(port: server.port)
        configuration.pingInterval = nil
        let connection = try await RedisConnection.connect(configuration: configuration)
        let updates = connection.stateUpdates()
        let sent = Task { try await connection.send("GET", "k") }
        // The fake answers half a reply; make it close by sending a command it ends the connection on.
        try await eventually("the half reply") { halfReplied.withLock { $0 } }
        _ = try? await connection.send("QUIT")
        await #expect(throws: RedisError.connectionClosed) { try await sent.value }
        try await waitForState(updates, "the disconnection") { $0.isDisconnected }
        try await waitForState(updates, "the reconnection") { $0.isConnected }
        #expect(try await connection.send("GET", "k") == .bulkString(Self.bytes("hello")))
        await connection.close()
    }

    @Test("REDIS-UNREACHABLE: a refused connection is a typed error from connect, and retried with back-off by a running client")
    func unreachable() async throws {
        let port = LoopbackSockets.freePort()
        await #expect(throws: RedisError.unreachable(.posix(operation: "connect", code: ECONNREFUSED))) {
            _ = try await RedisConnection.connect(configuration: .test(port: port))
        }
        let connection = RedisConnection(configuration: .test(port: port))
        let state = try await waitForState(connection.stateUpdates(), "the failure") { $0.isDisconnected }
        #expect(state.reason == .unreachable(.posix(operation: "connect", code: ECONNREFUSED)))
        try await eventually("three retries") { connection.counters.failedAttempts >= 3 }
        await #expect(throws: RedisError.notConnected) { try await connection.send("PING") }
        await connection.close()
        #expect(connection.state == .closed)
    }

    @Test("REDIS-BOUNDED-OUTPUT: with Redis not answering, publishes beyond maximumPendingBytes are dropped and counted, and send fails typed")
    func bounded() async throws {
        let server = try FakeRedisServer { _, command in
            switch command.first?.uppercased() {
            case "HELLO": return Self.bytes("-ERR unknown command\r\n")
            case "PING": return Self.bytes("+PONG\r\n")
            default: return []  // never answers a publish
            }
        }
        defer { server.stop() }
        var configuration = RedisConfiguration.test(port: server.port)
        configuration.maximumPendingBytes = 10_000
        configuration.pingInterval = nil
        let connection = try await RedisConnection.connect(configuration: configuration)
        let payload = [UInt8](repeating: 0x78, count: 1000)
        for _ in 0..<100 { connection.publish(payload, to: "room") }
        try await eventually("100 publishes handled") {
            connection.counters.publishesSent + connection.counters.publishesDropped == 100
        }
        let counters = connection.counters
        let perPublish = RESPCommand(bytes: [Array("PUBLISH".utf8), Array("room".utf8), payload]).encoded.count
        #expect(counters.publishesSent == 10_000 / perPublish)
        #expect(counters.publishesDropped == 100 - 10_000 / perPublish)
        await #expect(throws: RedisError.outboundBufferFull(limit: 10_000)) {
            try await connection.send(RESPCommand(bytes: [Array("SET".utf8), payload]))
        }
        await connection.close()
    }

    @Test("REDIS-PING-HEALTH: an unanswered PING ends the connection with pingTimeout, then it reconnects")
    func pingTimeout() async throws {
        // Answers the handshake (HELLO, then PING) of each connection, then nothing.
        let seen = Mutex<[Int: Int]>([:])
        let server = try FakeRedisServer { connection, command in
            let count = seen.withLock { counts -> Int in
                defer { counts[connection, default: 0] += 1 }
                return counts[connection, default: 0]
            }
            switch count {
            case 0: return Self.bytes("-ERR unknown command\r\n")
            case 1: return Self.bytes("+PONG\r\n")
            default: return []
            }
        }
        defer { server.stop() }
        var configuration = RedisConfiguration.test(port: server.port)
        configuration.pingInterval = .milliseconds(50)
        configuration.pingTimeout = .milliseconds(100)
        let connection = try await RedisConnection.connect(configuration: configuration)
        let updates = connection.stateUpdates()
        let state = try await waitForState(updates, "the ping timeout") { $0.isDisconnected }
        #expect(state == .disconnected(.pingTimeout))
        try await waitForState(updates, "the reconnection") { $0.isConnected }
        #expect(connection.counters.reconnects >= 1)
        await connection.close()
    }
}
