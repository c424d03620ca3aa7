import Synchronization

/// Named rooms of server connections; a message published to a room is encoded once and the same bytes go to
/// every subscriber.
///
/// Each subscriber has a bounded queue in front of its socket. A subscriber whose socket is not writable (its
/// outbound buffer is above the high-water mark) collects messages there; when the queue exceeds
/// `maximumQueuedBytes`, the `SlowSubscriberPolicy` applies, so one slow reader never stalls the others or grows
/// memory without bound.
public final class BroadcastHub: Sendable {
    /// What to do with a subscriber whose queue is full.
    public enum SlowSubscriberPolicy: Sendable, Hashable {
        /// Close it with 1008 (policy violation).
        case disconnect
        /// Drop its oldest queued messages until the new one fits.
        case dropOldest
    }

    /// The policy for slow subscribers.
    public let policy: SlowSubscriberPolicy
    /// The most bytes queued for one subscriber beyond its socket buffer.
    public let maximumQueuedBytes: Int
    /// This node's name in envelopes it publishes (1…255 bytes of UTF-8).
    public let nodeID: String
    /// The backplane carrying publications to other nodes, if any.
    public let backplane: (any BroadcastBackplane)?
    /// The longest room name that crosses the backplane, in bytes of UTF-8; longer rooms stay on this node.
    public static let maximumBackplaneRoomLength = 1024
    /// How many rooms get counters of their own (`roomCounters`): the first rooms created on this node, for the
    /// hub's lifetime; every later room is counted in `otherRoomsCounters` (`WS-METRICS-CARDINALITY`).
    public static let maximumRoomsWithCounters = 100
    private let state = Mutex(HubState())
    /// The deliveries and drops of rooms without counters of their own.
    private let otherRooms = BroadcastRoomTally()

    /// A hub for this process alone, applying `policy` when a subscriber has more than `maximumQueuedBytes` waiting.
    public init(policy: SlowSubscriberPolicy = .disconnect, maximumQueuedBytes: Int = 1 << 20) {
        self.policy = policy
        self.maximumQueuedBytes = max(1, maximumQueuedBytes)
        self.nodeID = Self.randomNodeID()
        self.backplane = nil
    }

    /// A hub that shares its rooms with other nodes through `backplane`, naming itself `nodeID` (default: a random
    /// ID). Throws when `nodeID` is empty or longer than 255 bytes.
    public init(
        backplane: any BroadcastBackplane, nodeID: String? = nil, policy: SlowSubscriberPolicy = .disconnect,
        maximumQueuedBytes: Int = 1 << 20
    ) throws(ConfigurationError) {
        let nodeID = nodeID ?? Self.randomNodeID()
        guard (1...255).contains(nodeID.utf8.count) else { throw ConfigurationError("nodeID", "must be 1 to 255 bytes") }
        self.policy = policy
        self.maximumQueuedBytes = max(1, maximumQueuedBytes)
        self.nodeID = nodeID
        self.backplane = backplane
        backplane.attach(to: self)
    }

    /// A random node ID: `node-` and 12 hexadecimal digits.
    public static func randomNodeID() -> String {
        "node-" + String(UInt64.random(in: 0..<(1 << 48)), radix: 16).leftPadded(to: 12)
    }

    /// Adds `channel` to `room` (call on the channel's loop, e.g. from `webSocketDidOpen`). The room's first local
    /// member subscribes the backplane to it.
    public func join(_ channel: WebSocketChannel, room: String) {
        channel.eventLoop.preconditionInEventLoop()
        let key = ObjectIdentifier(channel)
        let subscriber = (channel.observers[ObjectIdentifier(self)] as? Subscriber)
            ?? Subscriber(channel: channel, hub: self)
        channel.observers[ObjectIdentifier(self)] = subscriber
        state.withLock { state in
            let first = state.rooms[room] == nil
            state.rooms[room, default: [:]][key] = subscriber
            if first && state.tallies[room] == nil && state.tallies.count < Self.maximumRoomsWithCounters {
                state.tallies[room] = BroadcastRoomTally()
            }
            if first, let backplane, Self.crosses(room) { backplane.subscribe(room: room) }
        }
    }

    /// Removes `channel` from `room`. The room's last local member unsubscribes the backplane from it.
    public func leave(_ channel: WebSocketChannel, room: String) {
        let key = ObjectIdentifier(channel)
        state.withLock { state in
            state.rooms[room]?[key] = nil
            if state.rooms[room]?.isEmpty == true { removeRoom(room, from: &state) }
        }
    }

    /// The number of subscribers of `room` on this node.
    public func subscriberCount(room: String) -> Int { state.withLock { $0.rooms[room]?.count ?? 0 } }

    /// The number of members of each room on this node (what a backplane shares with the others).
    public func localMemberCounts() -> [String: Int] {
        state.withLock { $0.rooms.mapValues(\.count) }
    }

    /// The members of `room` across the cluster as the backplane last read them (eventually consistent, within a
    /// few seconds), or this node's count without a backplane that shares room sizes.
    public func clusterMemberCount(room: String) -> Int {
        backplane?.clusterMemberCounts()?[room] ?? subscriberCount(room: room)
    }

    /// The hub's counters, now.
    public var counters: BroadcastHubCounters { state.withLock { $0.counters } }

    /// Deliveries and drops of each room with counters of its own (the first `maximumRoomsWithCounters` rooms
    /// created on this node; they keep their counters when they empty).
    public var roomCounters: [String: BroadcastRoomCounters] {
        state.withLock { $0.tallies }.mapValues(\.counters)
    }

    /// Deliveries and drops of every other room, together.
    public var otherRoomsCounters: BroadcastRoomCounters { otherRooms.counters }

    /// Publishes `message` to every subscriber of `room`, here and (through the backplane) on every other node;
    /// returns how many local subscribers it was handed to. Thread-safe.
    @discardableResult
    public func publish(_ message: Message, to room: String) -> Int {
        publish(PreparedMessage(message), to: room)
    }

    /// Publishes a prepared message (encoded once) to every subscriber of `room`, here and on every other node.
    /// Local members get it directly, never through the backplane (`WS-BACKPLANE-LOCAL-DIRECT`).
    @discardableResult
    public func publish(_ prepared: PreparedMessage, to room: String) -> Int {
        let (subscribers, tally) = state.withLock { state -> ([Subscriber], BroadcastRoomTally) in
            state.counters.published += 1
            if let backplane, Self.crosses(room) {
                // Numbered and handed over under the lock, so that publications from several threads reach the
                // backplane in the order of their sequence numbers (`WS-BACKPLANE-ORDER`): handing over after
                // unlocking let a later number overtake an earlier one, which receivers then counted as lost and
                // dropped as a duplicate.
                let (stream, sequence) = state.sequences.next(for: room)
                let envelope = BroadcastEnvelope(
                    origin: nodeID, stream: stream, room: room, sequence: sequence, message: prepared.message)
                backplane.publish(room: room, envelope: envelope.encoded())
            }
            return (Array((state.rooms[room] ?? [:]).values), state.tallies[room] ?? otherRooms)
        }
        deliver(prepared, tally: tally, to: subscribers)
        return subscribers.count
    }

    /// Hands a publication that arrived from another node to this node's members of its room: once, in order per
    /// publisher and room; this node's own publications are never delivered again (`WS-BACKPLANE-ONCE`,
    /// `WS-BACKPLANE-ORDER`). Bytes that are not a deliverable envelope are counted and dropped
    /// (`WS-BACKPLANE-ENVELOPE`). Called by the backplane, from any thread.
    public func receive(fromBackplane bytes: [UInt8]) {
        let envelope: BroadcastEnvelope
        do {
            envelope = try BroadcastEnvelope(decoding: bytes)
        } catch {
            state.withLock { state in
                state.counters.envelopesRejected += 1
                state.counters.lastRejection = error
            }
            return
        }
        let (subscribers, tally) = state.withLock { state -> ([Subscriber], BroadcastRoomTally) in
            guard envelope.origin != nodeID else {
                state.counters.ownPublicationsIgnored += 1
                return ([], otherRooms)
            }
            guard let members = state.rooms[envelope.room] else {
                state.counters.receivedWithoutMembers += 1
                return ([], otherRooms)
            }
            switch state.ledger.admit(envelope) {
            case .duplicate:
                state.counters.duplicatesDropped += 1
                return ([], otherRooms)
            case .deliver(let lost):
                state.counters.received += 1
                state.counters.lost += Int(clamping: lost)
                return (Array(members.values), state.tallies[envelope.room] ?? otherRooms)
            }
        }
        guard !subscribers.isEmpty else { return }
        deliver(PreparedMessage(envelope.message), tally: tally, to: subscribers)
    }

    /// Hands `prepared` to each subscriber on its own loop, one task per loop; `tally` counts what became of it.
    private func deliver(_ prepared: PreparedMessage, tally: BroadcastRoomTally, to subscribers: [Subscriber]) {
        var byLoop: [ObjectIdentifier: (EventLoop, [Subscriber])] = [:]
        for subscriber in subscribers {
            byLoop[ObjectIdentifier(subscriber.loop), default: (subscriber.loop, [])].1.append(subscriber)
        }
        for (loop, group) in byLoop.values {
            let batch = SubscriberBatch(group)
            let message = QueuedMessage(prepared: prepared, tally: tally)
            if loop.inEventLoop {
                batch.deliver(message)
            } else {
                loop.execute { batch.deliver(message) }
            }
        }
    }

    /// Whether publications to `room` cross the backplane.
    private static func crosses(_ room: String) -> Bool { room.utf8.count <= maximumBackplaneRoomLength }

    /// Drops an empty room (the caller holds the lock): the backplane stops listening, the ledger forgets it.
    private func removeRoom(_ room: String, from state: inout HubState) {
        state.rooms[room] = nil
        state.ledger.forget(room: room)
        if let backplane, Self.crosses(room) { backplane.unsubscribe(room: room) }
    }

    fileprivate func forget(_ channel: WebSocketChannel) {
        let key = ObjectIdentifier(channel)
        state.withLock { state in
            for room in Array(state.rooms.keys) where state.rooms[room]?[key] != nil {
                state.rooms[room]?[key] = nil
                if state.rooms[room]?.isEmpty == true { removeRoom(room, from: &state) }
            }
        }
    }
}

/// Everything a hub guards with its lock.
private struct HubState: ~Copyable {
    var rooms: [String: [ObjectIdentifier: Subscriber]] = [:]
    var sequences = BroadcastSequencer()
    var ledger = BroadcastPublisherLedger()
    var counters = BroadcastHubCounters()
    /// The rooms with counters of their own (at most `maximumRoomsWithCounters`, kept for the hub's lifetime).
    var tallies: [String: BroadcastRoomTally] = [:]
}

/// A publication on its way to one subscriber, with the counters of its room.
private struct QueuedMessage: Sendable {
    let prepared: PreparedMessage
    let tally: BroadcastRoomTally
}

/// Counts deliveries or drops of a run of queued messages, adding to a room's counters once per run of the same
/// room rather than once per message.
private struct TallyRun {
    private var tally: BroadcastRoomTally?
    private var count = 0
    private let drops: Bool

    init(drops: Bool) { self.drops = drops }

    mutating func count(_ message: QueuedMessage) {
        if tally !== message.tally {
            flush()
            tally = message.tally
        }
        count += 1
    }

    mutating func flush() {
        if let tally, count > 0 { tally.add(deliveries: drops ? 0 : count, drops: drops ? count : 0) }
        count = 0
    }
}

extension String {
    /// The string with `0`s in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Subscribers of one loop, handed to that loop as a unit.
private final class SubscriberBatch: @unchecked Sendable {
    let subscribers: [Subscriber]
    init(_ subscribers: [Subscriber]) { self.subscribers = subscribers }
    func deliver(_ message: QueuedMessage) {
        var delivered = 0
        var dropped = 0
        for subscriber in subscribers {
            switch subscriber.deliver(message) {
            case .delivered: delivered += 1
            case .dropped: dropped += 1
            case .queued: break
            }
        }
        message.tally.add(deliveries: delivered, drops: dropped)
    }
}

/// One channel's queue in front of its socket (loop thread only, apart from the immutable `loop`).
private final class Subscriber: WebSocketChannel.ChannelObserver, @unchecked Sendable {
    /// What became of a message handed to `deliver`.
    enum Outcome { case delivered, queued, dropped }

    let loop: EventLoop
    private weak var channel: WebSocketChannel?
    private weak var hub: BroadcastHub?
    /// Queued messages from `head` on; slots before `head` are nil, so a sent or dropped message is released at
    /// once rather than at the next compaction.
    private var queue: [QueuedMessage?] = []
    private var head = 0
    private var queuedBytes = 0

    init(channel: WebSocketChannel, hub: BroadcastHub) {
        self.loop = channel.eventLoop
        self.channel = channel
        self.hub = hub
    }

    /// Sends `message` now, or queues it behind the ones waiting. Messages queued and later dropped are counted
    /// here; the caller counts the outcome of `message` itself, unless it was queued.
    func deliver(_ message: QueuedMessage) -> Outcome {
        guard let channel, let hub, channel.isOpen else { return .dropped }
        if head == queue.count && channel.isWritable {
            do {
                try channel.send(prepared: message.prepared)
                return .delivered
            } catch {
                return .dropped
            }
        }
        queue.append(message)
        queuedBytes += message.prepared.frameBytes.count
        guard queuedBytes > hub.maximumQueuedBytes else { return .queued }
        switch hub.policy {
        case .disconnect:
            discardQueue()
            try? channel.close(code: .policyViolation, reason: "subscriber too slow")
        case .dropOldest:
            var dropped = TallyRun(drops: true)
            while queuedBytes > hub.maximumQueuedBytes && head < queue.count - 1 {
                if let oldest = queue[head] {
                    queuedBytes -= oldest.prepared.frameBytes.count
                    dropped.count(oldest)
                }
                queue[head] = nil
                head += 1
            }
            dropped.flush()
            compact()
        }
        return .queued
    }

    /// Drops every queued message (counted as drops).
    private func discardQueue() {
        var dropped = TallyRun(drops: true)
        for case let message? in queue[head...] { dropped.count(message) }
        dropped.flush()
        queue = []
        head = 0
        queuedBytes = 0
    }

    private func compact() {
        if head > 32 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }

    func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool) {
        guard isWritable else { return }
        var delivered = TallyRun(drops: false)
        var dropped = TallyRun(drops: true)
        while head < queue.count && channel.isWritable && channel.isOpen {
            let next = queue[head]
            queue[head] = nil
            head += 1
            guard let next else { continue }
            queuedBytes -= next.prepared.frameBytes.count
            do {
                try channel.send(prepared: next.prepared)
                delivered.count(next)
            } catch {
                dropped.count(next)
            }
        }
        delivered.flush()
        dropped.flush()
        compact()
    }

    func channelClosed(_ channel: WebSocketChannel) {
        discardQueue()
        hub?.forget(channel)
    }
}
