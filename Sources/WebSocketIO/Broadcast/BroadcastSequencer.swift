/// Numbers a node's publications per room for `BroadcastEnvelope`: each room has a stream (random) and the next
/// sequence number in it. Bounded: past `capacity` rooms the oldest-numbered room is forgotten, and its next
/// publication starts a new stream, which receivers take as a new publisher rather than as a duplicate.
struct BroadcastSequencer: Sendable {
    private var rooms: [String: (stream: UInt64, last: UInt64)] = [:]
    private var order: [String] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int = 65_536) { self.capacity = max(1, capacity) }

    /// The stream and sequence number of the next publication to `room`.
    mutating func next(for room: String) -> (stream: UInt64, sequence: UInt64) {
        if let entry = rooms[room] {
            rooms[room] = (entry.stream, entry.last + 1)
            return (entry.stream, entry.last + 1)
        }
        while rooms.count >= capacity, head < order.count {
            rooms[order[head]] = nil
            head += 1
        }
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        order.append(room)
        let stream = UInt64.random(in: 1...UInt64.max)
        rooms[room] = (stream, 1)
        return (stream, 1)
    }
}
