/// One scheduled task of an event loop. Owned and mutated by the loop thread only; other threads only hold it
/// inside an `EventLoopScheduledTask` and hand it back to the loop to cancel.
final class TimerEntry: @unchecked Sendable {
    /// Monotonic deadline in nanoseconds.
    let deadline: UInt64
    /// Tie-breaker: tasks with equal deadlines run in scheduling order.
    var sequence: UInt64 = 0
    /// The work to run; `nil` once run or cancelled.
    var action: (() -> Void)?
    /// Position in the loop's heap, or -1 when not in the heap.
    var heapIndex = -1

    init(deadline: UInt64, action: @escaping () -> Void) {
        self.deadline = deadline
        self.action = action
    }

    /// Whether this entry must run before `other`.
    func precedes(_ other: TimerEntry) -> Bool {
        deadline != other.deadline ? deadline < other.deadline : sequence < other.sequence
    }
}
