/// What a `BroadcastHub` has done, for metrics and `ws serve`'s page.
public struct BroadcastHubCounters: Sendable, Hashable {
    /// Publications made on this node (`publish`).
    public var published = 0
    /// Publications from other nodes delivered to this node's members.
    public var received = 0
    /// Publications of other nodes that never arrived: gaps in a publisher's sequence for a room (for example
    /// while the backplane was down).
    public var lost = 0
    /// Publications that arrived again (or out of order, older than one delivered): dropped.
    public var duplicatesDropped = 0
    /// This node's own publications that came back through the backplane: ignored, as local members had them.
    public var ownPublicationsIgnored = 0
    /// Publications for a room without local members (they arrive in the moment a room is left).
    public var receivedWithoutMembers = 0
    /// Bytes from the backplane that were not a deliverable envelope (another version, garbage): dropped.
    public var envelopesRejected = 0
    /// Why the last rejected envelope was rejected.
    public var lastRejection: BroadcastEnvelopeError?

    /// No counts.
    public init() {}
}
