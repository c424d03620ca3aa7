import Dispatch

/// Runs `body` in a task and blocks the calling (main) thread until it returns its exit status.
func runBlocking(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
    let done = DispatchSemaphore(value: 0)
    let status = StatusBox()
    Task {
        status.value = await body()
        done.signal()
    }
    done.wait()
    return status.value
}

/// The exit status handed from the task to the main thread (written before the semaphore is signalled).
final class StatusBox: @unchecked Sendable {
    var value: Int32 = 0
}
