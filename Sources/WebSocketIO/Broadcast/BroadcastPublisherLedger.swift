/// What a hub remembers of each remote publisher, so that it delivers each publication once and in order per
/// publishing node and room (`WS-BACKPLANE-ONCE`, `WS-BACKPLANE-ORDER`): the last sequence number seen per
/// (origin, room), with the stream it belongs to. Bounded: at most `capacity` entries; when full, the oldest-inserted is forgotten (its
/// publisher's next publication is then taken as it comes, with no gap counted).
struct BroadcastPublisherLedger: Sendable {
    /// What to do with an arriving publication.
    enum Verdict: Equatable {
        /// Deliver it; `lost` publications of the same publisher and room never arrived before it (a gap).
        case deliver(lost: UInt64)
        /// It was delivered already (or an older one than the last delivered): drop it.
        case duplicate
    }

    private struct Key: Hashable {
        var origin: String
        var room: String
    }

    private struct Entry {
        var stream: UInt64
        var lastSequence: UInt64
    }

    private var entries: [Key: Entry] = [:]
    private var insertionOrder: [Key] = []
    private var insertionHead = 0
    let capacity: Int

    init(capacity: Int = 65_536) { self.capacity = max(1, capacity) }

    /// The number of publishers and rooms remembered.
    var count: Int { entries.count }

    /// Records `envelope` and says whether to deliver it.
    mutating func admit(_ envelope: BroadcastEnvelope) -> Verdict {
        let key = Key(origin: envelope.origin, room: envelope.room)
        guard let entry = entries[key], entry.stream == envelope.stream else {
            // A publisher seen for the first time, or a new numbering of it (restarted): its stream starts here.
            if entries[key] == nil { remember(key) }
            entries[key] = Entry(stream: envelope.stream, lastSequence: envelope.sequence)
            return .deliver(lost: 0)
        }
        guard envelope.sequence > entry.lastSequence else { return .duplicate }
        entries[key]?.lastSequence = envelope.sequence
        return .deliver(lost: envelope.sequence - entry.lastSequence - 1)
    }

    /// Forgets every publisher of `room` (when this node stops listening to it).
    mutating func forget(room: String) {
        entries = entries.filter { $0.key.room != room }
        insertionOrder = insertionOrder[insertionHead...].filter { entries[$0] != nil }
        insertionHead = 0
    }

    private mutating func remember(_ key: Key) {
        insertionOrder.append(key)
        while entries.count >= capacity, insertionHead < insertionOrder.count {
            entries[insertionOrder[insertionHead]] = nil
            insertionHead += 1
        }
        if insertionHead > 1024 && insertionHead * 2 > insertionOrder.count {
            insertionOrder.removeFirst(insertionHead)
            insertionHead = 0
        }
    }
}
