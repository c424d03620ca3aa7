import RedisTestSupport
import RESP
import RedisClient
import Synchronization
import Testing

/// The client against a real `redis-server` (started per test on a free loopback port).
@Suite(
    "Redis client against redis-server", .enabled(if: RedisServerFixture.shouldRun, RedisServerFixture.skipReason),
    .timeLimit(.minutes(1)))
struct RedisServerTests {
    static func firstMessage(_ subscriber: RedisSubscriber, _ what: String) async throws -> RedisMessage {
        try await within(.seconds(5), what) {
            for await message in subscriber.messages { return message }
            throw TestTimeout(what: what + " (the stream ended)")
        }
    }

    @Test("REDIS-PUBSUB: a published message reaches the subscriber with its channel and exact bytes (RESP2 arrays and RESP3 pushes)", arguments: [RedisProtocolVersion.resp2, .resp3])
    func publishSubscribe(version: RedisProtocolVersion) async throws {
        let server = try await RedisServerFixture()
        defer { server.stop() }
        let subscriber = try await RedisSubscriber.connect(configuration: .test(port: server.port, protocolVersion: version))
        let publisher = try await RedisConnection.connect(configuration: .test(port: server.port, protocolVersion: version))
        #expect(subscriber.state == .connected(version))
        await subscriber.subscribe(["room:1", "room:2"])
        #expect(subscriber.subscribedChannels == ["room:1", "room:2"])
        let payload: [UInt8] = [0, 13, 10, 255] + Array("héllo".utf8)
        #expect(try await publisher.publishAndWait(payload, to: "room:1") == 1)
        #expect(try await Self.firstMessage(subscriber, "the first message") == RedisMessage(channel: "room:1", payload: payload))
        publisher.publish(Array("fire and forget".utf8), to: "room:2")
        #expect(try await Self.firstMessage(subscriber, "the second message") == RedisMessage(channel: "room:2", payload: Array("fire and forget".utf8)))
        await subscriber.unsubscribe(["room:1"])
        #expect(try await publisher.publishAndWait([1], to: "room:1") == 0)
        #expect(publisher.counters.publishesSent == 1 && publisher.counters.publishesDropped == 0)
        #expect(subscriber.counters.messagesReceived == 2)
        await subscriber.close()
        await publisher.close()
    }

    @Test("REDIS-PIPELINE-ORDER: 1,000 concurrent commands are pipelined and each gets its own reply")
    func pipeline() async throws {
        let server = try await RedisServerFixture()
        defer { server.stop() }
        let connection = try await RedisConnection.connect(configuration: .test(port: server.port, database: 2))
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let reply = try await connection.send("ECHO", "value \(index)")
                    return reply.string == "value \(index)" ? 0 : 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        // Replies in order on one pipeline: INCR from one task, strictly increasing.
        var replies: [RESPValue] = []
        for _ in 0..<5 { replies.append(try await connection.send("INCR", "n")) }
        #expect(replies == (1...5).map { RESPValue.integer(Int64($0)) })
        #expect(connection.counters.repliesReceived >= 1005)
        await #expect(throws: RedisError.errorReply("ERR unknown command 'NOSUCH', with args beginning with: ")) {
            try await connection.send("NOSUCH")
        }
        await connection.close()
    }

    @Test("REDIS-AUTH-TYPED, REDIS-HANDSHAKE: a wrong or missing password and a wrong ACL user are typed errors; right ones connect and select the database")
    func authentication() async throws {
        let server = try await RedisServerFixture(["--requirepass", "s3cret", "--user", "alice", "on", ">wonderland", "~*", "&*", "+@all"])
        defer { server.stop() }
        do {
            _ = try await RedisConnection.connect(configuration: .test(port: server.port, password: "wrong"))
            Issue.record("a wrong password connected")
        } catch {
            #expect(error.isAuthenticationFailure, "\(error)")
            guard case .authenticationFailed(let message) = error else { return }
            #expect(message.hasPrefix("WRONGPASS"))
        }
        for version in [RedisProtocolVersion.resp2, .resp3] {
            await #expect(throws: RedisError.self) {
                _ = try await RedisConnection.connect(configuration: .test(port: server.port, protocolVersion: version))
            }
        }
        // Without a password on RESP3, HELLO is refused with NOAUTH: an authentication failure.
        do {
            _ = try await RedisConnection.connect(configuration: .test(port: server.port))
        } catch {
            #expect(error.isAuthenticationFailure, "\(error)")
        }
        await #expect(throws: RedisError.self) {
            _ = try await RedisConnection.connect(configuration: .test(port: server.port, password: "nope", user: "alice"))
        }
        let alice = try await RedisConnection.connect(
            configuration: .test(port: server.port, password: "wonderland", user: "alice", database: 5))
        #expect(try await alice.send("ACL", "WHOAMI") == .bulkString(Array("alice".utf8)))
        #expect(try await alice.send("SET", "k", "v") == .simpleString("OK"))
        let other = try await RedisConnection.connect(configuration: .test(port: server.port, password: "s3cret", database: 5))
        #expect(try await other.send("GET", "k") == .bulkString(Array("v".utf8)))
        await alice.close()
        await other.close()
        // A running client keeps retrying a wrong password, reporting the typed error each time.
        let retrying = RedisConnection(configuration: .test(port: server.port, password: "wrong"))
        let state = try await waitForState(retrying.stateUpdates(), "the refusal") { $0.isDisconnected }
        #expect(state.reason?.isAuthenticationFailure == true)
        try await eventually("two attempts") { retrying.counters.failedAttempts >= 2 }
        await retrying.close()
    }

    @Test("REDIS-RESUBSCRIBE, REDIS-DROP-WHILE-DISCONNECTED, REDIS-STATE-COUNTERS: Redis killed and restarted on the same port: both clients reconnect within a second, the subscriber resubscribes, publishes during the outage are dropped and counted")
    func restart() async throws {
        let server = try await RedisServerFixture(["--requirepass", "pw"])
        defer { server.stop() }
        let subscriber = try await RedisSubscriber.connect(configuration: .test(port: server.port, password: "pw", database: 1))
        let publisher = try await RedisConnection.connect(configuration: .test(port: server.port, password: "pw", database: 1))
        await subscriber.subscribe(["a", "b"])
        #expect(try await publisher.publishAndWait(Array("before".utf8), to: "a") == 1)
        #expect(try await Self.firstMessage(subscriber, "the message before").payload == Array("before".utf8))

        let subscriberStates = subscriber.stateUpdates()
        let publisherStates = publisher.stateUpdates()
        server.kill()
        try await waitForState(subscriberStates, "the subscriber's disconnection") { $0.isDisconnected }
        try await waitForState(publisherStates, "the publisher's disconnection") { $0.isDisconnected }
        for _ in 0..<5 { publisher.publish(Array("lost".utf8), to: "a") }
        try await eventually("the dropped publishes") { publisher.counters.publishesDropped == 5 }
        await #expect(throws: RedisError.notConnected) { try await publisher.send("PING") }

        try await server.start()
        let restarted = ContinuousClock.now
        try await waitForState(subscriberStates, "the subscriber's reconnection", within: .seconds(2)) { $0.isConnected }
        try await waitForState(publisherStates, "the publisher's reconnection", within: .seconds(2)) { $0.isConnected }
        #expect(ContinuousClock.now - restarted < .seconds(1))
        // Resubscribed before reporting connected: a publish now reaches it.
        #expect(try await publisher.publishAndWait(Array("after".utf8), to: "b") == 1)
        #expect(try await Self.firstMessage(subscriber, "the message after") == RedisMessage(channel: "b", payload: Array("after".utf8)))
        #expect(subscriber.counters.reconnects == 1 && publisher.counters.reconnects == 1)
        #expect(subscriber.counters.connects == 2)
        #expect(publisher.counters.publishesDropped == 5)
        await subscriber.close()
        await publisher.close()
        #expect(subscriber.state == .closed)
    }
}
