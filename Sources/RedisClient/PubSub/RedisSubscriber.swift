import RESP
import Transport

/// A Redis connection in subscriber mode: `SUBSCRIBE`/`UNSUBSCRIBE` channels and receive what is published to
/// them, as RESP2 pub/sub arrays or RESP3 push frames.
///
/// Like `RedisConnection` it reconnects after any failure with back-off and jitter; each new connection
/// re-authenticates, re-selects and re-subscribes every channel subscribed at that time before it reports
/// `connected`. Messages published while it is disconnected are lost (Redis pub/sub keeps nothing).
///
/// ```swift
/// let subscriber = try await RedisSubscriber.connect(configuration: configuration)
/// await subscriber.subscribe(["room:1"])
/// for await message in subscriber.messages { print(message.channel, message.payload.count) }
/// ```
public final class RedisSubscriber: Sendable {
    private let engine: RedisEngine
    /// The messages of every subscribed channel, in arrival order. Holds at most
    /// `configuration.messageBufferLimit` unread messages; later ones are dropped and counted
    /// (`counters.messagesDropped`). Finishes after `close()`. Empty (finished) when a handler was given.
    public let messages: AsyncStream<RedisMessage>

    /// Starts connecting on `loop` (default: `RedisEventLoops.shared`); returns at once.
    ///
    /// - Parameters:
    ///   - configuration: where to connect, credentials, bounds and timers.
    ///   - loop: the loop the subscriber runs on.
    ///   - handler: when given, each message is passed to it on the loop thread (it must not block) instead
    ///     of to `messages`.
    public init(
        configuration: RedisConfiguration, on loop: EventLoop? = nil,
        handler: (@Sendable (RedisMessage) -> Void)? = nil
    ) {
        let engine = RedisEngine(
            role: .subscriber, configuration: configuration, loop: loop ?? RedisEventLoops.shared.next())
        let (stream, continuation) = AsyncStream<RedisMessage>.makeStream(
            bufferingPolicy: .bufferingOldest(max(1, configuration.messageBufferLimit)))
        if let handler {
            continuation.finish()
            engine.deliver = handler
        } else {
            let status = engine.status
            engine.deliver = { message in
                if case .dropped = continuation.yield(message) { status.count { $0.messagesDropped += 1 } }
            }
            engine.onClose = { continuation.finish() }
        }
        self.engine = engine
        messages = stream
        engine.start()
    }

    /// Connects and returns once ready.
    /// - Throws: the first attempt's failure; the subscriber is then closed.
    public static func connect(
        configuration: RedisConfiguration, on loop: EventLoop? = nil,
        handler: (@Sendable (RedisMessage) -> Void)? = nil
    ) async throws(RedisError) -> RedisSubscriber {
        let subscriber = RedisSubscriber(configuration: configuration, on: loop, handler: handler)
        if let error = await subscriber.engine.waitUntilReady() {
            await subscriber.close()
            throw error
        }
        return subscriber
    }

    /// Waits until connected (and re-subscribed); returns nil then, or the error that ended the attempt in progress.
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

    /// The channels subscribed (or to subscribe on the next connection).
    public var subscribedChannels: Set<String> { engine.status.channels }

    /// Subscribes to `channels`. Returns once Redis confirmed them; while disconnected it returns at once and the
    /// channels are subscribed when the connection is back.
    public func subscribe(_ channels: [String]) async {
        let engine = self.engine
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            engine.loop.execute { engine.subscribe(channels, waiter: continuation) }
        }
    }

    /// Unsubscribes from `channels`. Returns once Redis confirmed (at once while disconnected).
    public func unsubscribe(_ channels: [String]) async {
        let engine = self.engine
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            engine.loop.execute { engine.unsubscribe(channels, waiter: continuation) }
        }
    }

    /// Subscribes to `channels` without waiting for Redis: the request joins the connection's queue in call order
    /// (a later `requestUnsubscribe` of the same channel is applied after it), for callers that must not suspend,
    /// such as a broadcast backplane called under its hub's lock. `subscribedChannels` shows it once applied.
    public func requestSubscribe(_ channels: [String]) {
        let engine = self.engine
        engine.loop.execute { engine.subscribe(channels, waiter: nil) }
    }

    /// Unsubscribes from `channels` without waiting for Redis, in call order with `requestSubscribe`.
    public func requestUnsubscribe(_ channels: [String]) {
        let engine = self.engine
        engine.loop.execute { engine.unsubscribe(channels, waiter: nil) }
    }

    /// Closes for good: no reconnection; `messages` finishes.
    public func close() async {
        let engine = self.engine
        _ = try? await engine.loop.perform { engine.close() }
    }
}
