/// Bytes a connection has produced for the peer, as chunks ready for one vectored write.
///
/// Small frames are appended to one shared tail buffer, so a burst of small messages leaves in a single chunk;
/// a large unmasked payload becomes a chunk of its own, the caller's array, without being copied.
public struct OutboundBytes: Sendable {
    /// Payloads at least this large are never copied into the tail buffer (when they need no masking).
    public static let separateChunkThreshold = 4096

    private var chunks: [[UInt8]] = []
    private var tail: [UInt8] = []
    /// The number of bytes waiting.
    public private(set) var count = 0

    /// An empty buffer.
    public init() {}

    /// True when nothing is waiting.
    public var isEmpty: Bool { count == 0 }

    /// Appends raw bytes (a handshake response, say).
    public mutating func append(_ bytes: [UInt8]) {
        if bytes.count >= Self.separateChunkThreshold {
            flushTail()
            chunks.append(bytes)
        } else {
            tail.append(contentsOf: bytes)
        }
        count += bytes.count
    }

    /// Appends one frame: its header, then its payload (masked with the header's key, if any).
    public mutating func appendFrame(_ header: FrameHeader, payload: [UInt8]) {
        if header.maskingKey == nil && payload.count >= Self.separateChunkThreshold {
            // Room for the header's chunk and the payload at once (appending them one by one reallocates).
            if chunks.isEmpty { chunks.reserveCapacity(2) }
            appendHeader(header)
            flushTail()
            chunks.append(payload)
            count += payload.count
        } else {
            payload.withUnsafeBytes { appendFrame(header, payload: $0) }
        }
    }

    /// Appends one frame, copying the payload (and masking it with the header's key, if any).
    public mutating func appendFrame(_ header: FrameHeader, payload: UnsafeRawBufferPointer) {
        // One allocation for header and payload (appending them one by one would allocate for the header and again
        // for the payload); a burst of frames still grows the buffer geometrically.
        let needed = tail.count + FrameHeader.maximumSize + payload.count
        if tail.capacity < needed { tail.reserveCapacity(max(needed, 2 * tail.capacity)) }
        appendHeader(header)
        let start = tail.count
        tail.append(contentsOf: payload)
        if let key = header.maskingKey {
            tail.withUnsafeMutableBytes { _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        }
        count += payload.count
    }

    private mutating func appendHeader(_ header: FrameHeader) {
        withUnsafeTemporaryAllocation(byteCount: FrameHeader.maximumSize, alignment: 1) { scratch in
            let n = header.encode(into: scratch)
            tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
            count += n
        }
    }

    private mutating func flushTail() {
        if !tail.isEmpty {
            chunks.append(tail)
            tail = []
        }
    }

    /// Removes and returns every waiting chunk, in order.
    public mutating func takeChunks() -> [[UInt8]] {
        flushTail()
        defer { chunks = []; count = 0 }
        return chunks
    }

    /// Removes and returns every waiting byte as one array (copies when there are several chunks).
    public mutating func takeAll() -> [UInt8] {
        let all = takeChunks()
        if all.count == 1 { return all[0] }
        return all.flatMap { $0 }
    }
}
