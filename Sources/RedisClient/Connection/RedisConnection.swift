import RESP
import Transport

/// A connection to Redis for commands and publishing, on a `Transport` event loop.
///
/// It connects at once and stays connected: after any failure (unreachable host, refused credentials, a closed
/// connection, a malformed reply, an unanswered health `PING`) it reconnects with capped exponential back-off and full
/// jitter, re-authenticating and re-selecting its database, until `close()`. Commands are pipelined and their replies
/// matched in order. Commands and publishes awaiting replies are bounded in bytes (`maximumPendingBytes`).
///
/// ```swift
/// let redis = try await RedisConnection.connect(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// let reply = try await redis.send(["SET", "key", "value"])
/// redis.publish(Array("hello".utf8), to: "room:1")      // fire and forget: dropped and counted when Redis is away
/// await redis.close()
/// ```
///
/// The loop must outlive the connection (the default, `RedisEventLoops.shared`, does).
public final class RedisConnection: Sendable {
    private let engine: RedisEngine

    /// Starts connecting to `configuration.url` on `loop` (default: `RedisEventLoops.shared`); returns at once.
    /// Watch `state`, or call `waitUntilConnected()`.
    public init(configuration: RedisConfiguration, on loop: EventLoop? = nil) {
        engine = RedisEngine(
            role: .commands, configuration: configuration, loop: loop ?? RedisEventLoops.shared.next())
        engine.start()
    }

    /// Connects and returns once the connection is ready.
    /// - Throws: the first attempt's failure (`RedisError.unreachable`, `.authenticationFailed`, …); the
    ///   connection is then closed, no retry follows.
    public static func connect(
        configuration: RedisConfiguration, on loop: EventLoop? = nil
    ) async throws(RedisError) -> RedisConnection {
        let connection = RedisConnection(configuration: configuration, on: loop)
        if let error = await connection.engine.waitUntilReady() {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Waits until the connection is ready; returns nil then, or the error that ended the attempt in progress
    /// (retries continue in the background).
    @discardableResult
    public func waitUntilConnected() async -> RedisError? {
        await engine.waitUntilReady()
    }

    /// The current state.
    public var state: RedisConnectionState { engine.status.state }

    /// The counters since creation.
    public var counters: RedisCounters { engine.status.counters }

    /// The states from now on: the current one first, then every change; the stream finishes after `closed`.
    public func stateUpdates() -> AsyncStream<RedisConnectionState> { engine.status.updates() }

    /// Sends `command` and returns its reply. Commands sent without waiting for each other are pipelined; replies
    /// come back in the order the commands were sent.
    /// - Throws: `RedisError.errorReply` when Redis answers with an error; `.notConnected` while not ready;
    ///   `.outboundBufferFull` beyond `maximumPendingBytes`; the connection's failure if it ends before the reply.
    public func send(_ command: RESPCommand) async throws(RedisError) -> RESPValue {
        let bytes = command.encoded
        let engine = self.engine
        let result: Result<RESPValue, RedisError> = await withCheckedContinuation { continuation in
            engine.loop.execute { engine.enqueue(bytes, continuation: continuation) }
        }
        return try result.get()
    }

    /// Sends a command given as text arguments (`send("GET", "key")`).
    public func send(_ arguments: String...) async throws(RedisError) -> RESPValue {
        try await send(RESPCommand(arguments))
    }

    /// Publishes `payload` to `channel` without waiting: `PUBLISH` is written when the connection is ready and the
    /// bytes awaiting replies stay within `maximumPendingBytes`; otherwise the publish is dropped and counted
    /// (`counters.publishesDropped`). Thread-safe; never blocks.
    public func publish(_ payload: [UInt8], to channel: String) {
        var command: RESPCommand = ["PUBLISH", channel]
        command.append(bytes: payload)
        let bytes = command.encoded
        let engine = self.engine
        engine.loop.execute { engine.enqueuePublish(bytes) }
    }

    /// Publishes `payload` to `channel` and returns how many subscribers Redis delivered it to.
    /// - Throws: as `send(_:)`.
    public func publishAndWait(_ payload: [UInt8], to channel: String) async throws(RedisError) -> Int {
        var command: RESPCommand = ["PUBLISH", channel]
        command.append(bytes: payload)
        guard case .integer(let receivers) = try await send(command) else {
            throw .unexpectedReply("PUBLISH did not answer with an integer")
        }
        return Int(receivers)
    }

    /// Closes the connection for good: commands awaiting replies fail with `RedisError.closed`, no reconnection.
    public func close() async {
        let engine = self.engine
        _ = try? await engine.loop.perform { engine.close() }
    }
}
