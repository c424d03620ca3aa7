#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A single-threaded event loop: one thread waiting on a level-triggered selector (epoll on Linux, kqueue on
/// Darwin), running readiness handlers, timers and submitted closures, then flushing connections with pending output
/// once per iteration.
///
/// Each iteration runs, in order: ready descriptors (reads; writes that were blocked), due timers, submitted
/// closures, then end-of-iteration observers (connection flushes, close notifications). Writes produced anywhere in
/// an iteration are therefore coalesced into one `writev`/`sendmsg` per connection.
///
/// Everything except `execute(_:)`, `scheduleTask(in:_:)`, `inEventLoop`, `perform(_:)` and cancelling a scheduled
/// task must be called on the loop's own thread.
public final class EventLoop: @unchecked Sendable, CustomStringConvertible {
    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var closed = false
    }

    private struct Slot {
        var object: (any EventLoopSelectable)?
        var generation: UInt32 = 0
        var interest: EventLoopInterest = []
    }

    /// Maximum number of iovecs passed to one `sendmsg`.
    static let maxIOVectors = 64

    /// Position of this loop in its group.
    public let index: Int

    // Shared with other threads.
    private let inbox = Mutex(Inbox())
    private let selector: EventLoopSelector

    // Owned by the loop thread (written once by it before the group publishes the loop). No access overlaps another
    // (a callout to a selectable or an observer is made with no property access open), so the runtime exclusivity
    // checks are off, as in `TCPConnection`.
    @exclusivity(unchecked) private var thread: pthread_t?
    @exclusivity(unchecked) private var slots: [Slot] = []
    @exclusivity(unchecked) private var nextGeneration: UInt32 = 1
    @exclusivity(unchecked) private var timers = TimerHeap()
    @exclusivity(unchecked) private var timerSequence: UInt64 = 0
    @exclusivity(unchecked) private var localTasks: [() -> Void] = []
    @exclusivity(unchecked) private var runningTasks: [() -> Void] = []
    @exclusivity(unchecked) private var inboxBatch: [@Sendable () -> Void] = []
    @exclusivity(unchecked) private var observers: [any EventLoopIterationObserver] = []
    @exclusivity(unchecked) private var running = true
    /// Whether the loop is tearing down; new registrations fail.
    @exclusivity(unchecked) private(set) var isShuttingDown = false

    /// The loop's single read buffer, shared by all its connections (valid only during a `received` callback).
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Scratch iovecs for gathering writes.
    let ioVectors: UnsafeMutablePointer<iovec>

    init(index: Int, readBufferSize: Int) throws(TransportError) {
        self.index = index
        selector = try EventLoopSelector()
        readBuffer = .allocate(byteCount: max(4096, readBufferSize), alignment: 16)
        ioVectors = .allocate(capacity: Self.maxIOVectors)
    }

    deinit {
        readBuffer.deallocate()
        ioVectors.deallocate()
    }

    /// `EventLoop(index)`.
    public var description: String { "EventLoop(\(index))" }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Stops the process when called off the loop thread.
    public func preconditionInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        precondition(inEventLoop, "must be called on \(self)'s thread", file: file, line: line)
    }

    // MARK: Submitting work

    /// Runs `task` on the loop thread. Thread-safe. From the loop thread itself the task runs later in the current
    /// iteration (before connections are flushed). Tasks submitted after shutdown are dropped.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        _ = submit(task)
    }

    /// Runs `task` later in the current iteration; a loop-thread-only variant of `execute(_:)` that accepts
    /// non-`Sendable` closures (for example ones capturing a protocol handler).
    public func executeOnLoop(_ task: @escaping () -> Void) {
        preconditionInEventLoop()
        localTasks.append(task)
    }

    /// Runs `body` on the loop and returns its result to the awaiting caller.
    /// - Throws: `TransportError.eventLoopShutDown` when the loop no longer runs tasks.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws(TransportError) -> T {
        let result: Result<T, TransportError> = await LoopHandoff.value { deliver in
            let accepted = submit { deliver(.success(body())) }
            if !accepted { deliver(.failure(.eventLoopShutDown)) }
        }
        return try result.get()
    }

    /// Enqueues `task`; returns `false` when the loop has shut down and the task will never run.
    @discardableResult
    func submit(_ task: @escaping @Sendable () -> Void) -> Bool {
        if inEventLoop {
            localTasks.append(task)
            return true
        }
        let wake: Bool? = inbox.withLock { inbox in
            if inbox.closed { return nil }
            inbox.tasks.append(task)
            return inbox.tasks.count == 1
        }
        guard let wake else { return false }
        if wake { selector.wakeUp() }
        return true
    }

    // MARK: Timers

    /// Runs `task` on the loop after `delay` (monotonic clock). Thread-safe. Tasks due at the same time run in the
    /// order they were scheduled.
    @discardableResult
    public func scheduleTask(in delay: Duration, _ task: @escaping @Sendable () -> Void) -> EventLoopScheduledTask {
        scheduleTask(nanoseconds: PosixClock.nanoseconds(delay), task)
    }

    /// Runs `task` on the loop after `nanoseconds`. Thread-safe.
    @discardableResult
    public func scheduleTask(nanoseconds: UInt64, _ task: @escaping @Sendable () -> Void) -> EventLoopScheduledTask {
        let entry = TimerEntry(deadline: Self.deadline(after: nanoseconds), action: task)
        if inEventLoop {
            insertTimer(entry)
        } else {
            _ = submit { self.insertTimer(entry) }
        }
        return EventLoopScheduledTask(loop: self, entry: entry)
    }

    /// Loop-thread-only variant of `scheduleTask(in:_:)` accepting a non-`Sendable` closure.
    @discardableResult
    public func scheduleTaskOnLoop(in delay: Duration, _ task: @escaping () -> Void) -> EventLoopScheduledTask {
        preconditionInEventLoop()
        let entry = TimerEntry(deadline: Self.deadline(after: PosixClock.nanoseconds(delay)), action: task)
        insertTimer(entry)
        return EventLoopScheduledTask(loop: self, entry: entry)
    }

    private static func deadline(after nanoseconds: UInt64) -> UInt64 {
        let (sum, overflow) = PosixClock.now().addingReportingOverflow(min(nanoseconds, UInt64.max / 4))
        return overflow ? UInt64.max : sum
    }

    private func insertTimer(_ entry: TimerEntry) {
        guard entry.action != nil, !isShuttingDown else { return }
        timerSequence &+= 1
        entry.sequence = timerSequence
        timers.insert(entry)
    }

    /// Timers scheduled and not yet run or cancelled (loop thread; for tests that check none is left behind).
    var pendingTimerCount: Int {
        preconditionInEventLoop()
        return timers.count
    }

    /// Removes a pending timer (loop thread).
    func cancelTimer(_ entry: TimerEntry) {
        timers.remove(entry)
        entry.action = nil
    }

    // MARK: Registrations (loop thread)

    /// Registers `object` as the owner of `fd` with no interest yet.
    func register(_ object: any EventLoopSelectable, fd: Int32) throws(TransportError) {
        guard !isShuttingDown else { throw .eventLoopShutDown }
        let index = Int(fd)
        if index >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: index + 1 - slots.count))
        }
        nextGeneration &+= 1
        if nextGeneration == 0 { nextGeneration = 1 }
        slots[index] = Slot(object: object, generation: nextGeneration, interest: [])
    }

    /// Changes the readiness `fd` is watched for (adding or removing it from the selector as needed).
    func setInterest(fd: Int32, _ interest: EventLoopInterest) throws(TransportError) {
        let index = Int(fd)
        let old = slots[index].interest
        if old == interest { return }
        let token = UInt64(slots[index].generation) << 32 | UInt64(UInt32(bitPattern: fd))
        try selector.update(fd: fd, from: old, to: interest, token: token)
        slots[index].interest = interest
    }

    /// Forgets `fd`. When the descriptor stays open (`descriptorWillClose == false`) it is also removed from the
    /// selector; closing a descriptor removes it implicitly.
    func deregister(fd: Int32, descriptorWillClose: Bool) {
        let index = Int(fd)
        guard index < slots.count else { return }
        if !descriptorWillClose && !slots[index].interest.isEmpty {
            try? setInterest(fd: fd, [])
        }
        slots[index].object = nil
        slots[index].interest = []
    }

    /// Asks for `observer.loopIterationDidEnd()` at the end of the current iteration (loop thread).
    func runAtEndOfIteration(_ observer: any EventLoopIterationObserver) {
        observers.append(observer)
    }

    // MARK: Running

    /// Asks the loop to finish its current iteration, close its registrations and exit its thread.
    func stop() {
        _ = submit { self.running = false }
    }

    /// The loop body; runs on the loop's thread until `stop()`.
    func run(started: () -> Void) {
        thread = pthread_self()
        started()
        while running {
            var timeout: UInt64?
            if !localTasks.isEmpty {
                timeout = 0
            } else if let first = timers.first {
                let now = PosixClock.now()
                timeout = first.deadline > now ? first.deadline - now : 0
            }
            do {
                try selector.wait(timeoutNanoseconds: timeout) { token, readable, writable in
                    dispatch(token: token, readable: readable, writable: writable)
                }
            } catch {
                fatalError("\(self): \(error)")
            }
            runDueTimers()
            runTasks()
            runObservers()
        }
        tearDown()
    }

    private func dispatch(token: UInt64, readable: Bool, writable: Bool) {
        if token == EventLoopSelector.wakeupToken { return }
        let index = Int(token & 0xffff_ffff)
        let generation = UInt32(truncatingIfNeeded: token >> 32)
        guard index < slots.count, slots[index].generation == generation, let object = slots[index].object else {
            return
        }
        if readable && slots[index].interest.contains(.read) {
            object.selectorReadable()
        }
        if writable && slots[index].generation == generation && slots[index].object != nil
            && slots[index].interest.contains(.write)
        {
            object.selectorWritable()
        }
    }

    private func runDueTimers() {
        guard timers.count > 0 else { return }
        let now = PosixClock.now()
        while let first = timers.first, first.deadline <= now {
            timers.remove(first)
            let action = first.action
            first.action = nil
            action?()
        }
    }

    private func runTasks() {
        inbox.withLock { inbox in
            if !inbox.tasks.isEmpty { swap(&inbox.tasks, &inboxBatch) }
        }
        if !inboxBatch.isEmpty {
            for task in inboxBatch { task() }
            inboxBatch.removeAll(keepingCapacity: true)
        }
        if !localTasks.isEmpty {
            swap(&localTasks, &runningTasks)
            for task in runningTasks { task() }
            runningTasks.removeAll(keepingCapacity: true)
        }
    }

    private func runObservers() {
        var index = 0
        while index < observers.count {
            let observer = observers[index]
            index += 1
            observer.loopIterationDidEnd()
        }
        observers.removeAll(keepingCapacity: true)
    }

    private func tearDown() {
        isShuttingDown = true
        for slot in slots {
            slot.object?.loopWillShutDown()
        }
        inbox.withLock { $0.closed = true }
        for _ in 0..<4 {
            runTasks()
            runObservers()
        }
        timers.removeAll()
        localTasks.removeAll()
        selector.close()
    }
}
