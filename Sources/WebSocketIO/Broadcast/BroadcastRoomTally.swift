import Synchronization

/// The live counters behind `BroadcastRoomCounters`: shared by a room's publications wherever they are delivered,
/// added to once per loop batch (or per queued message, on the slow path), in relaxed atomics.
final class BroadcastRoomTally: Sendable {
    private let deliveries = Atomic<Int>(0)
    private let drops = Atomic<Int>(0)

    init() {}

    func add(deliveries delivered: Int, drops dropped: Int) {
        if delivered != 0 { deliveries.add(delivered, ordering: .relaxed) }
        if dropped != 0 { drops.add(dropped, ordering: .relaxed) }
    }

    var counters: BroadcastRoomCounters {
        BroadcastRoomCounters(deliveries: deliveries.load(ordering: .relaxed), drops: drops.load(ordering: .relaxed))
    }
}
