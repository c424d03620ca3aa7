/// A handle to a task scheduled on an event loop; use it to cancel the task before it runs.
public struct EventLoopScheduledTask: Sendable {
    let loop: EventLoop
    let entry: TimerEntry

    /// Cancels the task if it has not run yet. Thread-safe; from another thread the cancellation is handed to the loop
    /// (a task already due may still run before the cancellation arrives).
    public func cancel() {
        if loop.inEventLoop {
            loop.cancelTimer(entry)
        } else {
            let loop = self.loop
            let entry = self.entry
            _ = loop.submit { loop.cancelTimer(entry) }
        }
    }
}
