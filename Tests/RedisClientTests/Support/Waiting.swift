import RedisClient
import RedisTestSupport

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
