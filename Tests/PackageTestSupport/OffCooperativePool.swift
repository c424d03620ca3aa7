import Foundation

/// Runs CPU-heavy synchronous test code (a property's thousands of iterations, a model check) on a thread of its
/// own instead of a cooperative-pool thread, within the calling task.
///
/// Swift Testing runs every test on the cooperative pool, one thread per CPU. A test that computes for seconds
/// holds one of those threads all that time; on a 2-core machine two of them stall every other test, and the
/// loopback tests, whose servers keep real deadlines on their own threads, then miss them. Unlike `onOwnThread`,
/// the body stays part of the calling task (a task executor preference), so `#expect` and `Issue.record` inside it
/// are attributed to the running test as usual.
public func offCooperativePool<Value>(_ body: () throws -> Value) async rethrows -> Value {
    try await withTaskExecutorPreference(OwnThreadExecutor.shared) { try body() }
}

/// A task executor that runs each job on a new thread (jobs here are whole synchronous test bodies: few and long).
final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = OwnThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
