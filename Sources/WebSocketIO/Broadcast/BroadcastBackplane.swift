/// Carries a `BroadcastHub`'s publications to the hubs of other nodes (processes, machines) and theirs to it: the
/// hub stays the only thing that knows about connections; a backplane only moves bytes per room.
///
/// The hub calls every method from any thread, and each must return at once (queue the work on the backplane's own
/// loop) and must not call back into the hub synchronously. A backplane never buffers without bound: what it cannot
/// carry it drops and counts (`BroadcastBackplaneStatus.publicationsDropped`), because local delivery has happened
/// already (`WS-BACKPLANE-LOCAL-DIRECT`, `WS-BACKPLANE-BOUNDED`).
public protocol BroadcastBackplane: AnyObject, Sendable {
    /// Connects the backplane to `hub` (held weakly): from now on it hands every publication that arrives for a
    /// subscribed room to `hub.receive(fromBackplane:)` and reads `hub.localMemberCounts()` when it shares room sizes.
    func attach(to hub: BroadcastHub)
    /// Starts receiving publications to `room` (the hub calls this when the room's first local member joins).
    func subscribe(room: String)
    /// Stops receiving publications to `room` (its last local member left).
    func unsubscribe(room: String)
    /// Sends an encoded `BroadcastEnvelope` to every other node listening to `room`.
    func publish(room: String, envelope: [UInt8])
    /// The members of each room across all nodes, as last read; nil when this backplane does not share room sizes.
    func clusterMemberCounts() -> [String: Int]?
    /// The backplane's connection state and counters.
    var status: BroadcastBackplaneStatus { get }
    /// Stops the backplane: no more publications leave or arrive.
    func shutdown()
}
