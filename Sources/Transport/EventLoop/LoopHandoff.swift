import Synchronization

/// Carries a value made on an event loop (a new connection, a result read on the loop) to the task awaiting it.
///
/// Resuming a continuation already orders the loop's writes before the resumed task's reads. When the resume
/// comes before the task has finished suspending, though, Swift's concurrency runtime (which is not instrumented)
/// takes a path ThreadSanitizer cannot see, and TSan reports the task's first reads of the loop's object (a new
/// connection's fields) as data races: about one run in three of the IO tests. Passing the value through a lock
/// makes the ordering visible to it, at the cost of two uncontended lock operations per hand-off.
final class LoopHandoff<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)

    /// Awaits the value `start` delivers, exactly once, through the closure it is given (from any thread).
    static func value(_ start: (_ deliver: @escaping @Sendable (Value) -> Void) -> Void) async -> Value {
        let handoff = LoopHandoff()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            start { value in
                handoff.slot.withLock { $0 = value }
                continuation.resume()
            }
        }
        // The continuation resumes only after the value is stored.
        return handoff.slot.withLock { $0.take()! }
    }
}
