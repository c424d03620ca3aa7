import Synchronization

// Bounded waits for the loopback tests: every step of a test has a time limit, so a bug fails the test instead
// of hanging it.

/// The default bound of one step of a test (a connect, a message, a close).
let stepLimit: Duration = .seconds(10)

/// A wait that did not finish in time.
struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "timed out after \(limit) waiting for \(what)" }
}

/// Resolves a continuation once, from whichever of the work and the timer finishes first.
private final class Race<Value: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Value, any Error>?, timer: Task<Void, Never>?)>((nil, nil))

    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func setTimer(_ timer: Task<Void, Never>) {
        let finished = state.withLock { state -> Bool in
            if state.continuation == nil { return true }
            state.timer = timer
            return false
        }
        if finished { timer.cancel() }
    }

    @discardableResult
    func finish(_ result: Result<Value, any Error>) -> Bool {
        let (continuation, timer) = state.withLock { state in
            defer { state = (nil, nil) }
            return (state.continuation, state.timer)
        }
        timer?.cancel()
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }
}

/// Runs `body` and returns its result, or throws `TestTimeout` after `limit`. The body runs in its own task, which is
/// cancelled on timeout; a body that ignores cancellation is left behind, so a bug fails the test instead of hanging.
func within<Value: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let race = Race<Value>()
    return try await withCheckedThrowingContinuation { continuation in
        race.install(continuation)
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        race.setTimer(
            Task {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                if race.finish(.failure(TestTimeout(what: what, limit: limit))) { work.cancel() }
            })
    }
}

/// Polls `condition` every few milliseconds until it holds; throws `TestTimeout` after `limit`. Only for states that
/// have no event to wait on (counters updated after the last callback).
func eventually(
    _ what: String, within limit: Duration = stepLimit, _ condition: @escaping @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(what: what, limit: limit) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension Watch {
    /// `wait(until:)` bounded by `limit`.
    @discardableResult
    func wait(
        _ what: String, within limit: Duration = stepLimit, until predicate: @escaping @Sendable (State) -> Bool
    ) async throws -> State {
        try await within(limit, what) {
            let state = await self.wait(until: predicate)
            guard predicate(state) else { throw TestTimeout(what: what, limit: limit) }
            return state
        }
    }
}

/// Time elapsed since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start }
