#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The bytes a connection still has to send, in order: a queue of shared chunks (arrays or array slices, never
/// copied) followed by a contiguous tail buffer that small writes are copied into. Once everything is sent the
/// storage is released, so an idle connection holds no buffer (memory per idle connection is what matters at
/// 10,000 connections; a busy one pays one allocation per flush).
struct TCPOutboundQueue {
    private var chunks: [ArraySlice<UInt8>] = []
    private var head = 0
    private var headOffset = 0
    private var tail: [UInt8] = []
    private var tailOffset = 0

    /// Total bytes not yet written.
    private(set) var count = 0

    /// Whether nothing is pending.
    var isEmpty: Bool { count == 0 }

    /// Queues `bytes` without copying them (they share the caller's storage).
    mutating func append(sharing bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        // Room for a pending tail and this chunk at once (appending them one by one reallocates).
        if chunks.isEmpty { chunks.reserveCapacity(2) }
        if tailOffset < tail.count {
            // Keep order: the pending tail goes before the new chunk.
            chunks.append(tail[tailOffset...])
            tail = []
            tailOffset = 0
        }
        chunks.append(bytes)
    }

    /// Copies `bytes` to the end of the queue.
    mutating func append(copying bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        tail.append(contentsOf: bytes)
    }

    /// Copies `bytes` to the end of the queue. Into an empty queue a whole array is adopted as the tail instead
    /// (`Array(slice)` shares the storage of a slice that covers its whole array): no allocation and no copy for
    /// the usual single reply, and a later small write still appends to it (in place once the caller has let go).
    mutating func append(copying bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        if tail.isEmpty && chunks.count == head {
            tail = Array(bytes)
            tailOffset = 0
        } else {
            tail.append(contentsOf: bytes)
        }
    }

    /// Drops everything.
    mutating func removeAll() {
        chunks = []
        head = 0
        headOffset = 0
        tail = []
        tailOffset = 0
        count = 0
    }

    /// Sends as much as one `send`/`sendmsg` call takes, gathering up to `maxVectors` segments.
    /// - Returns: `(written, attempted)` bytes, or `(-1, errno)` when the call failed.
    func send(fd: Int32, vectors: UnsafeMutablePointer<iovec>, maxVectors: Int) -> (Int, Int) {
        let segments = min(maxVectors, chunks.count - head + (tailOffset < tail.count ? 1 : 0))
        return gather(0, segments, vectors, 0) { used, total in
            let result: Int
            if used == 1 {
                result = Self.sendOne(fd, vectors[0].iov_base, vectors[0].iov_len)
            } else {
                var message = msghdr()
                message.msg_iov = vectors
                #if canImport(Darwin)
                message.msg_iovlen = Int32(used)
                #else
                message.msg_iovlen = used
                #endif
                result = sendmsg(fd, &message, PosixSocketCalls.sendFlags)
            }
            return result < 0 ? (-1, Int(errno)) : (result, total)
        }
    }

    private static func sendOne(_ fd: Int32, _ base: UnsafeMutableRawPointer?, _ length: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.send(fd, base, length, PosixSocketCalls.sendFlags)
        #else
        return Glibc.send(fd, base, length, PosixSocketCalls.sendFlags)
        #endif
    }

    /// Fills `vectors[k...]` with pointers to the pending segments, nesting `withUnsafeBytes` so every pointer stays
    /// valid while `body` runs the system call.
    private func gather<R>(
        _ k: Int, _ limit: Int, _ vectors: UnsafeMutablePointer<iovec>, _ total: Int,
        _ body: (Int, Int) -> R
    ) -> R {
        if k == limit { return body(k, total) }
        let chunkCount = chunks.count - head
        if k < chunkCount {
            let skip = k == 0 ? headOffset : 0
            return chunks[head + k].withUnsafeBytes { raw in
                vectors[k] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
                return gather(k + 1, limit, vectors, total + raw.count - skip, body)
            }
        }
        return tail.withUnsafeBytes { raw in
            vectors[k] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + tailOffset), iov_len: raw.count - tailOffset)
            return body(k + 1, total + raw.count - tailOffset)
        }
    }

    /// Removes the first `written` bytes after a successful send.
    mutating func consume(_ written: Int) {
        var left = written
        count -= written
        while left > 0 && head < chunks.count {
            let available = chunks[head].count - headOffset
            if left >= available {
                left -= available
                chunks[head] = []
                head += 1
                headOffset = 0
            } else {
                headOffset += left
                left = 0
            }
        }
        if head > 0 && head == chunks.count {
            chunks = []
            head = 0
        } else if head >= 64 && head * 2 >= chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
        if left > 0 { tailOffset += left }
        if tailOffset > 0 {
            if tailOffset == tail.count {
                tail = []
                tailOffset = 0
            } else if tailOffset >= 64 * 1024 && tailOffset * 2 >= tail.count {
                tail.removeFirst(tailOffset)
                tailOffset = 0
            }
        }
    }
}
