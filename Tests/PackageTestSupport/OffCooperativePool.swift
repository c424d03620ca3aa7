import Foundation
import Synchronization

/// Runs CPU-heavy synchronous test code (a property's thousands of iterations, a model check) on the one thread of
/// `OwnThreadExecutor` instead of a cooperative-pool thread, within the calling task; such tests run one at a time.
///
/// Swift Testing runs every test on the cooperative pool, one thread per CPU. A test that computes for seconds
/// holds one of those threads all that time; on a 2-core machine two of them stall every other test, and the
/// loopback tests, whose servers keep real deadlines on their own threads, then miss them. Unlike `onOwnThread`,
/// the body stays part of the calling task (a task executor preference), so `#expect` and `Issue.record` inside it
/// are attributed to the running test as usual.
public func offCooperativePool<Value>(_ body: () throws -> Value) async rethrows -> Value {
    try await withTaskExecutorPreference(OwnThreadExecutor.shared) { try body() }
}

/// A task executor with one thread of its own, running its jobs one at a time (jobs here are whole synchronous test
/// bodies). One thread, not one per job: started all at once, dozens of CPU-bound tests would each get a sliver of
/// the CPU and starve the pool's threads just the same; one at a time, they leave the pool a core.
final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = OwnThreadExecutor()

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                available.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }
}
