import Synchronization

/// The state and counters of one engine, readable from any thread; written on the engine's loop.
final class RedisStatus: Sendable {
    private struct Inner {
        var state: RedisConnectionState = .connecting
        var counters = RedisCounters()
        var channels: Set<String> = []
        var observers: [Int: AsyncStream<RedisConnectionState>.Continuation] = [:]
        var nextObserver = 0
    }

    private let inner = Mutex(Inner())

    var state: RedisConnectionState { inner.withLock { $0.state } }
    var counters: RedisCounters { inner.withLock { $0.counters } }
    var channels: Set<String> { inner.withLock { $0.channels } }

    func setState(_ state: RedisConnectionState) {
        let observers = inner.withLock { inner -> [AsyncStream<RedisConnectionState>.Continuation] in
            inner.state = state
            return Array(inner.observers.values)
        }
        for observer in observers {
            observer.yield(state)
            if state == .closed { observer.finish() }
        }
    }

    func count(_ update: (inout RedisCounters) -> Void) {
        inner.withLock { update(&$0.counters) }
    }

    func setChannels(_ channels: Set<String>) {
        inner.withLock { $0.channels = channels }
    }

    /// A stream of states: the current one first, then every change, finishing after `closed`.
    func updates() -> AsyncStream<RedisConnectionState> {
        let (stream, continuation) = AsyncStream<RedisConnectionState>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let current = inner.withLock { inner -> RedisConnectionState in
            if inner.state != .closed {
                let id = inner.nextObserver
                inner.nextObserver += 1
                inner.observers[id] = continuation
                continuation.onTermination = { [weak self] _ in
                    _ = self?.inner.withLock { $0.observers.removeValue(forKey: id) }
                }
            }
            return inner.state
        }
        continuation.yield(current)
        if current == .closed { continuation.finish() }
        return stream
    }
}
