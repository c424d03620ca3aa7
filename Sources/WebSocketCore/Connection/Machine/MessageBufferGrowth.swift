/// How the storage of a message being received grows: with the bytes that arrived, never by a length the peer
/// merely declared (`WS-LIMIT-STORAGE-FOLLOWS-BYTES`).
///
/// A frame header alone reserves at most `initialCapacity` bytes. Storage that fills up grows by `factor` (or to
/// the frame's declared total when that is near), so a message of N bytes is copied O(log N) times in total and
/// the memory held is at most `factor` × (bytes received) + `initialCapacity`, whatever the peer announced.
enum MessageBufferGrowth {
    /// The most a frame header can make the receiver allocate before payload arrives: 64 KiB.
    static let initialCapacity = 64 << 10
    /// Storage grows to this multiple of its current size when it is full.
    static let factor = 16

    /// The storage size to allocate for a single-frame message of `declaredTotal` bytes when its header arrives.
    static func firstCount(declaredTotal: Int) -> Int {
        min(declaredTotal, initialCapacity)
    }

    /// The new storage size when `current` bytes of storage cannot hold `needed` bytes (received plus arriving) of
    /// a frame that declared `declaredTotal`; never more than `declaredTotal`.
    static func grownCount(current: Int, needed: Int, declaredTotal: Int) -> Int {
        let multiplied = current > Int.max / factor ? Int.max : current * factor
        let target = max(multiplied, needed, initialCapacity)
        // Close to the end: take the whole rest rather than growing (and copying) once more for a small tail.
        if target >= declaredTotal || declaredTotal - target < target / 4 { return declaredTotal }
        return target
    }
}

extension MessageBufferGrowth {
    /// Storage for a message that arrived in fragments grows this many times over when it is full.
    static let fragmentFactor = 4

    /// The new storage size for a message arriving in fragments (no total known) when `current` bytes cannot hold
    /// `needed`: fourfold, so k fragments of a message of N bytes cost O(N + k) in copies (under 2N for all the
    /// growths); at most `limit` unless `needed` is more (the limit was checked on the frame header before).
    static func grownCountForFragments(current: Int, needed: Int, limit: Int) -> Int {
        let grown = current > Int.max / fragmentFactor ? Int.max : current * fragmentFactor
        return max(needed, min(max(grown, 256), limit))
    }

    /// True when storage of `count` bytes holding a delivered message of `fill` bytes wastes so much that the
    /// message is better copied into storage of its own size (more than half of it unused).
    static func shouldTrim(count: Int, fill: Int) -> Bool {
        count - fill > fill
    }
}
