/// The async bridge's state for streamed delivery: the chunks received and not yet read, the one reader waiting,
/// and which message's chunks may still be read (`current`; a message is abandoned when the next one is asked
/// for, and its remaining chunks are discarded as they come).
struct ChunkQueue {
    /// What a waiting reader waits for.
    enum Request: Equatable {
        /// The first chunk of the next message.
        case messageStart
        /// The next chunk of message number `index`.
        case continuing(index: Int)
    }

    /// What a reader gets.
    enum Outcome {
        /// A chunk, and for a message's first chunk, the message's number.
        case chunk(MessageChunk, index: Int)
        /// The message was abandoned (the next one was asked for).
        case abandoned
        /// The connection closed with this code.
        case closed(CloseCode)
        /// The reading task was cancelled.
        case cancelled
    }

    var queue: [MessageChunk] = []
    var head = 0
    /// The number of the message whose chunks may be read (0 before the first).
    var current = 0
    var reader: (continuation: CheckedContinuation<Outcome, Never>, request: Request, id: Int)?
    var nextReaderID = 0

    var count: Int { queue.count - head }

    /// Takes the head chunk if it answers `request`; nil when the reader must wait (or, for `.continuing`, when
    /// the answer is that the message was abandoned: see `isAbandoned`). Discards, for `.messageStart`, the
    /// leftovers of an abandoned message at the head. Returns the bytes removed from the queue too.
    mutating func take(for request: Request) -> (outcome: Outcome?, removedBytes: Int) {
        var removed = 0
        while head < queue.count {
            let chunk = queue[head]
            switch request {
            case .messageStart:
                pop()
                removed += chunk.bytes.count
                if chunk.isFirst {
                    return (.chunk(chunk, index: current), removed)
                }
            case .continuing(let index):
                if index != current || chunk.isFirst { return (.abandoned, removed) }
                pop()
                removed += chunk.bytes.count
                return (.chunk(chunk, index: index), removed)
            }
        }
        if case .continuing(let index) = request, index != current { return (.abandoned, removed) }
        return (nil, removed)
    }

    /// A chunk arrived: hands it to the waiting reader when it answers the reader's request (returned with the
    /// reader), drops it when it belongs to an abandoned message a `.messageStart` reader waits past, or queues it
    /// (returns false for `queued` when it was not queued).
    mutating func arrived(_ chunk: MessageChunk) -> (reader: CheckedContinuation<Outcome, Never>?, outcome: Outcome?, queued: Bool) {
        if let waiting = reader {
            switch waiting.request {
            case .messageStart:
                reader = nil
                if chunk.isFirst { return (waiting.continuation, .chunk(chunk, index: current), false) }
                reader = waiting
                return (nil, nil, false)  // The rest of an abandoned message.
            case .continuing(let index):
                if index == current && !chunk.isFirst {
                    reader = nil
                    return (waiting.continuation, .chunk(chunk, index: index), false)
                }
            }
        }
        if head >= queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        queue.append(chunk)
        return (nil, nil, true)
    }

    private mutating func pop() {
        head += 1
        if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        } else if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
    }
}
