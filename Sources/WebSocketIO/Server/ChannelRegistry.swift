import Synchronization

/// The server's live channels, for shutdown.
final class ChannelRegistry: Sendable {
    private let state = Mutex<(channels: [ObjectIdentifier: WebSocketChannel], waiters: [CheckedContinuation<Void, Never>])>(([:], []))

    var count: Int { state.withLock { $0.channels.count } }

    func insert(_ channel: WebSocketChannel) {
        state.withLock { $0.channels[ObjectIdentifier(channel)] = channel }
    }

    func remove(_ channel: WebSocketChannel) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.channels[ObjectIdentifier(channel)] = nil
            guard state.channels.isEmpty else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func all() -> [WebSocketChannel] { state.withLock { Array($0.channels.values) } }

    /// Waits until no channel is left, or `timeout` passes (timed on `loop`). Returns true if drained.
    func waitUntilEmpty(timeout: Duration, on loop: EventLoop) async -> Bool {
        let timedOut = Atomic<Bool>(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.channels.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow {
                continuation.resume()
                return
            }
            _ = loop.scheduleTask(in: timeout) { [self] in
                let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    defer { state.waiters = [] }
                    return state.waiters
                }
                if !waiters.isEmpty { timedOut.store(true, ordering: .relaxed) }
                for waiter in waiters { waiter.resume() }
            }
        }
        return !timedOut.load(ordering: .relaxed) && count == 0
    }
}
