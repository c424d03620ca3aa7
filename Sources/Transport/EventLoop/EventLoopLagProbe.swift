import Synchronization

/// Measures how late the loops of a group run their timers: on each loop, a task scheduled `interval` ahead records,
/// when it runs, how long after its deadline that was (`EventLoopLagHistogram`, one per loop), then schedules the
/// next. The lag is the time the loop was busy with other work (reads, callbacks, other tasks) or could not run
/// at all (its thread not scheduled) once the task was due: what every timer and every connection on that loop
/// waited as well. It includes the selector's timeout granularity (epoll waits whole milliseconds, so up to 1 ms).
///
/// Costs one timer per loop per `interval` and nothing per connection or message.
public final class EventLoopLagProbe: Sendable {
    /// How often each loop is probed.
    public let interval: Duration
    /// One histogram per loop of the group, by loop index.
    public let histograms: [EventLoopLagHistogram]
    private let loops: [EventLoop]
    private let nanoseconds: UInt64
    private let stopped = Atomic<Bool>(false)
    /// The task waiting on each loop, to cancel at `stop()`.
    private let pending: Mutex<[EventLoopScheduledTask?]>

    private init(loops: [EventLoop], interval: Duration) {
        self.interval = interval
        self.loops = loops
        self.nanoseconds = max(1, PosixClock.nanoseconds(interval))
        self.histograms = loops.map { _ in EventLoopLagHistogram() }
        self.pending = Mutex(Array(repeating: nil, count: loops.count))
    }

    /// Starts probing every loop of `group`, every `interval` (at least 1 ns).
    public static func start(on group: EventLoopGroup, interval: Duration) -> EventLoopLagProbe {
        let probe = EventLoopLagProbe(loops: group.loops, interval: interval)
        for index in probe.loops.indices { probe.schedule(index) }
        return probe
    }

    /// Stops probing (a probe already due may still record once). Thread-safe.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        let tasks = pending.withLock { tasks in
            defer { tasks = Array(repeating: nil, count: tasks.count) }
            return tasks
        }
        for task in tasks { task?.cancel() }
    }

    private func schedule(_ index: Int) {
        // The deadline the loop computes is at or just after this one: the lag measured may exceed the true lag
        // by the nanoseconds `scheduleTask` takes, never fall short of it.
        let (due, overflow) = PosixClock.now().addingReportingOverflow(nanoseconds)
        guard !overflow, !stopped.load(ordering: .relaxed) else { return }
        let task = loops[index].scheduleTask(nanoseconds: nanoseconds) { [self] in
            let now = PosixClock.now()
            histograms[index].record(nanoseconds: now > due ? now - due : 0)
            schedule(index)
        }
        pending.withLock { $0[index] = task }
    }
}
