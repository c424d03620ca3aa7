import Dispatch
import WebSocketIO

/// `ws serve`: once per idle-release period, gives the allocator's free memory back to the kernel when connections
/// released idle extension memory since the last look (`AllocatorTuning.returnFreeMemory()`), so RSS shows what
/// idle permessage-deflate connections gave back.
final class FreeMemoryTrimmer: @unchecked Sendable {
    private let timer: any DispatchSourceTimer
    private var releasesSeen = 0  // touched only on the timer's queue

    init(server: WebSocketServer, period: Duration) {
        let (seconds, attoseconds) = period.components
        let nanoseconds = Int(clamping: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ws serve: free memory"))
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds))
        timer.setEventHandler { [unowned self] in
            let releases = server.counters.extensionIdleReleases
            guard releases != releasesSeen else { return }
            releasesSeen = releases
            AllocatorTuning.returnFreeMemory()
        }
        timer.resume()
    }

    func cancel() { timer.cancel() }
}
