import Dispatch
import Synchronization

/// A fixed set of event loops, one thread each. New connections are spread over the loops round-robin.
public final class EventLoopGroup: Sendable {
    /// The loops of this group.
    public let loops: [EventLoop]
    private let threads: [EventLoopThread]
    private let nextIndex = Atomic<Int>(0)
    private let isShutDown = Atomic<Bool>(false)

    /// Starts `numberOfThreads` loops (default: the number of CPUs this process may run on).
    ///
    /// - Parameters:
    ///   - numberOfThreads: how many loops (threads) to start; at least 1.
    ///   - readBufferSize: size of each loop's shared read buffer in bytes.
    public init(
        numberOfThreads: Int = CPUAffinity.usableCPUCount, readBufferSize: Int = 128 * 1024
    ) throws(TransportError) {
        var loops: [EventLoop] = []
        var threads: [EventLoopThread] = []
        for index in 0..<max(1, numberOfThreads) {
            let loop = try EventLoop(index: index, readBufferSize: readBufferSize)
            let started = DispatchSemaphore(value: 0)
            threads.append(try EventLoopThread { loop.run { started.signal() } })
            started.wait()
            loops.append(loop)
        }
        self.loops = loops
        self.threads = threads
    }

    /// The next loop in round-robin order. Thread-safe.
    public func next() -> EventLoop {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(UInt(bitPattern: index) % UInt(loops.count))]
    }

    /// Stops every loop (their connections are aborted and report `TransportError.eventLoopShutDown`; listeners
    /// close) and joins the threads. Must not be called from one of the group's loops. Calling it again does nothing.
    public func shutdown() {
        precondition(!loops.contains { $0.inEventLoop }, "EventLoopGroup.shutdown() called on one of its loops")
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for loop in loops { loop.stop() }
        for thread in threads { thread.join() }
    }

    /// `shutdown()` without blocking the calling task's thread.
    public func shutdownGracefully() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.shutdown()
                continuation.resume()
            }
        }
    }
}
