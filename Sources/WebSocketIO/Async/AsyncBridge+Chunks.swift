/// Streamed delivery through the async bridge: chunks queue like messages (their bytes count against the same
/// byte limit, each chunk against the count limit), a full queue pauses reading, and a reader takes them one at a
/// time, for the next message (`messageStart`) or for the message it reads (`continuing`).
extension AsyncBridge {
    func webSocket(_ channel: WebSocketChannel, didReceive chunk: MessageChunk) {
        let (reader, outcome, pause) = state.withLock { state -> (CheckedContinuation<ChunkQueue.Outcome, Never>?, ChunkQueue.Outcome?, Bool) in
            let arrival = state.chunks.arrived(chunk)
            guard arrival.queued else { return (arrival.reader, arrival.outcome, false) }
            state.queuedBytes += chunk.bytes.count
            let full = !state.paused && limit.isFull(messages: state.chunks.count, bytes: state.queuedBytes)
            if full { state.paused = true }
            return (nil, nil, full)
        }
        if let reader, let outcome { reader.resume(returning: outcome) }
        if pause { channel.pauseReading() }
    }

    /// The next chunk for `request`, waiting for it. Asking for the next message abandons the one being read.
    func nextChunk(_ request: ChunkQueue.Request) async -> ChunkQueue.Outcome {
        let id = state.withLock { state -> Int in
            state.chunks.nextReaderID += 1
            if request == .messageStart { state.chunks.current += 1 }
            return state.chunks.nextReaderID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ChunkQueue.Outcome, Never>) in
                let (outcome, resume) = state.withLock { state -> (ChunkQueue.Outcome?, Bool) in
                    let (taken, removed) = state.chunks.take(for: request)
                    state.queuedBytes -= removed
                    let resume = state.paused
                        && limit.allowsResume(messages: state.chunks.count, bytes: state.queuedBytes)
                    if resume { state.paused = false }
                    if let taken { return (taken, resume) }
                    if let closed = state.closedWith { return (.closed(closed.code), resume) }
                    if Task.isCancelled { return (.cancelled, resume) }
                    state.chunks.reader = (continuation, request, id)
                    return (nil, resume)
                }
                if resume { resumeReadingOnLoop() }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            let reader = state.withLock { state -> CheckedContinuation<ChunkQueue.Outcome, Never>? in
                guard let waiting = state.chunks.reader, waiting.id == id else { return nil }
                state.chunks.reader = nil
                return waiting.continuation
            }
            reader?.resume(returning: .cancelled)
        }
    }
}
