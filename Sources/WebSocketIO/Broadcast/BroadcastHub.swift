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
    private let rooms = Mutex<[String: [ObjectIdentifier: Subscriber]]>([:])

    /// A hub applying `policy` when a subscriber has more than `maximumQueuedBytes` waiting.
    public init(policy: SlowSubscriberPolicy = .disconnect, maximumQueuedBytes: Int = 1 << 20) {
        self.policy = policy
        self.maximumQueuedBytes = max(1, maximumQueuedBytes)
    }

    /// Adds `channel` to `room` (call on the channel's loop, e.g. from `webSocketDidOpen`).
    public func join(_ channel: WebSocketChannel, room: String) {
        channel.eventLoop.preconditionInEventLoop()
        let key = ObjectIdentifier(channel)
        let subscriber = (channel.observers[ObjectIdentifier(self)] as? Subscriber)
            ?? Subscriber(channel: channel, hub: self)
        channel.observers[ObjectIdentifier(self)] = subscriber
        rooms.withLock { $0[room, default: [:]][key] = subscriber }
    }

    /// Removes `channel` from `room`.
    public func leave(_ channel: WebSocketChannel, room: String) {
        let key = ObjectIdentifier(channel)
        rooms.withLock { rooms in
            rooms[room]?[key] = nil
            if rooms[room]?.isEmpty == true { rooms[room] = nil }
        }
    }

    /// The number of subscribers in `room`.
    public func subscriberCount(room: String) -> Int { rooms.withLock { $0[room]?.count ?? 0 } }

    /// Publishes `message` to every subscriber of `room`; returns how many it was handed to. Thread-safe.
    @discardableResult
    public func publish(_ message: Message, to room: String) -> Int {
        publish(PreparedMessage(message), to: room)
    }

    /// Publishes a prepared message (encoded once) to every subscriber of `room`.
    @discardableResult
    public func publish(_ prepared: PreparedMessage, to room: String) -> Int {
        let subscribers = rooms.withLock { Array(($0[room] ?? [:]).values) }
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
        return subscribers.count
    }

    fileprivate func forget(_ channel: WebSocketChannel) {
        let key = ObjectIdentifier(channel)
        rooms.withLock { rooms in
            for room in Array(rooms.keys) {
                rooms[room]?[key] = nil
                if rooms[room]?.isEmpty == true { rooms[room] = nil }
            }
        }
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
