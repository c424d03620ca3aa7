import RedisClient

/// A wait that did not finish in time.
struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, or throws `TestTimeout` after `limit` (the body's task is cancelled).
func within<Value: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TestTimeout(what: what) }
        return value
    }
}

/// Waits (event driven, through `stateUpdates()`) until a state satisfies `predicate`; returns it.
@discardableResult
func waitForState(
    _ updates: AsyncStream<RedisConnectionState>, _ what: String, within limit: Duration = .seconds(5),
    _ predicate: @escaping @Sendable (RedisConnectionState) -> Bool
) async throws -> RedisConnectionState {
    try await within(limit, what) {
        for await state in updates where predicate(state) { return state }
        throw TestTimeout(what: what + " (the state stream ended)")
    }
}

/// Polls `condition` every few milliseconds until it holds (only for counters, which have no event to wait on).
func eventually(_ what: String, within limit: Duration = .seconds(5), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension RedisConnectionState {
    /// Whether the state is `disconnected`.
    var isDisconnected: Bool {
        if case .disconnected = self { return true }
        return false
    }

    /// The reason of a `disconnected` state.
    var reason: RedisError? {
        if case .disconnected(let error) = self { return error }
        return nil
    }
}
