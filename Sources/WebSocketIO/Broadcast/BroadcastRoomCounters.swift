/// What a `BroadcastHub` did with the publications of one room (or of the rooms counted together), for metrics.
public struct BroadcastRoomCounters: Sendable, Hashable {
    /// Messages handed to a member's socket (one per member per publication).
    public var deliveries = 0
    /// Messages meant for a member that never reached its socket: dropped from a slow member's queue
    /// (`.dropOldest`), discarded with the queue of a member closed for being too slow (`.disconnect`) or of a
    /// member that closed, or published to a member already closing.
    public var drops = 0

    /// No counts.
    public init(deliveries: Int = 0, drops: Int = 0) {
        self.deliveries = deliveries
        self.drops = drops
    }
}
