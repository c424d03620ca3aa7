import RedisTestSupport
import Synchronization

/// What each test client received, in order, with an event-driven wait for a condition over all of them.
final class Inboxes: Sendable {
    private let state: Mutex<[[String]]>
    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation

    init(clients: Int) {
        state = Mutex(Array(repeating: [], count: clients))
        (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func record(_ text: String, client: Int) {
        state.withLock { $0[client].append(text) }
        changed.yield()
    }

    /// Every client's messages so far.
    var snapshot: [[String]] { state.withLock { $0 } }

    /// Waits until `condition` holds for the messages received (checked after every arrival), within `limit`.
    func wait(
        _ what: String, within limit: Duration = .seconds(20), until condition: @escaping @Sendable ([[String]]) -> Bool
    ) async throws {
        if condition(snapshot) { return }
        let changes = self.changes
        try await within(limit, what) { [self] in
            for await _ in changes where condition(self.snapshot) { return }
        }
    }
}
