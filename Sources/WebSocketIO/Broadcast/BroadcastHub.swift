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
    private let state = Mutex(HubState())

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
        let subscribers = state.withLock { state -> [Subscriber] in
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
            return Array((state.rooms[room] ?? [:]).values)
        }
        deliver(prepared, to: subscribers)
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
        let subscribers = state.withLock { state -> [Subscriber] in
            guard envelope.origin != nodeID else {
                state.counters.ownPublicationsIgnored += 1
                return []
            }
            guard let members = state.rooms[envelope.room] else {
                state.counters.receivedWithoutMembers += 1
                return []
            }
            switch state.ledger.admit(envelope) {
            case .duplicate:
                state.counters.duplicatesDropped += 1
                return []
            case .deliver(let lost):
                state.counters.received += 1
                state.counters.lost += Int(clamping: lost)
                return Array(members.values)
            }
        }
        guard !subscribers.isEmpty else { return }
        deliver(PreparedMessage(envelope.message), to: subscribers)
    }

    /// Hands `prepared` to each subscriber on its own loop, one task per loop.
    private func deliver(_ prepared: PreparedMessage, to subscribers: [Subscriber]) {
        var byLoop: [ObjectIdentifier: (EventLoop, [Subscriber])] = [:]
        for subscriber in subscribers {
            byLoop[ObjectIdentifier(subscriber.loop), default: (subscriber.loop, [])].1.append(subscriber)
        }
        for (loop, group) in byLoop.values {
            let batch = SubscriberBatch(group)
            if loop.inEventLoop {
                batch.deliver(prepared)
            } else {
                loop.execute { batch.deliver(prepared) }
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
    func deliver(_ prepared: PreparedMessage) { for subscriber in subscribers { subscriber.deliver(prepared) } }
}

/// One channel's queue in front of its socket (loop thread only, apart from the immutable `loop`).
private final class Subscriber: WebSocketChannel.ChannelObserver, @unchecked Sendable {
    let loop: EventLoop
    private weak var channel: WebSocketChannel?
    private weak var hub: BroadcastHub?
    /// Queued messages from `head` on; slots before `head` are nil, so a sent or dropped message is released at
    /// once rather than at the next compaction.
    private var queue: [PreparedMessage?] = []
    private var head = 0
    private var queuedBytes = 0

    init(channel: WebSocketChannel, hub: BroadcastHub) {
        self.loop = channel.eventLoop
        self.channel = channel
        self.hub = hub
    }

    func deliver(_ prepared: PreparedMessage) {
        guard let channel, let hub, channel.isOpen else { return }
        if head == queue.count && channel.isWritable {
            try? channel.send(prepared: prepared)
            return
        }
        queue.append(prepared)
        queuedBytes += prepared.frameBytes.count
        guard queuedBytes > hub.maximumQueuedBytes else { return }
        switch hub.policy {
        case .disconnect:
            queue = []
            head = 0
            queuedBytes = 0
            try? channel.close(code: .policyViolation, reason: "subscriber too slow")
        case .dropOldest:
            while queuedBytes > hub.maximumQueuedBytes && head < queue.count - 1 {
                queuedBytes -= queue[head]?.frameBytes.count ?? 0
                queue[head] = nil
                head += 1
            }
            compact()
        }
    }

    private func compact() {
        if head > 32 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }

    func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool) {
        guard isWritable else { return }
        while head < queue.count && channel.isWritable && channel.isOpen {
            let next = queue[head]
            queue[head] = nil
            head += 1
            guard let next else { continue }
            queuedBytes -= next.frameBytes.count
            try? channel.send(prepared: next)
        }
        compact()
    }

    func channelClosed(_ channel: WebSocketChannel) {
        queue = []
        head = 0
        queuedBytes = 0
        hub?.forget(channel)
    }
}
