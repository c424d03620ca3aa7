import Synchronization

/// One direction of `ConnectionTraffic`, summed over many connections in relaxed atomics: each connection adds
/// what changed once per read pass (`WebSocketChannel.perform`), touching only the counters that moved.
struct AtomicTrafficDirection: ~Copyable, Sendable {
    private let textMessages = Atomic<Int>(0)
    private let textBytes = Atomic<Int>(0)
    private let binaryMessages = Atomic<Int>(0)
    private let binaryBytes = Atomic<Int>(0)
    private let pings = Atomic<Int>(0)
    private let pongs = Atomic<Int>(0)
    private let closes = Atomic<Int>(0)
    private let extensionMessages = Atomic<Int>(0)
    private let extensionPayloadBytes = Atomic<Int>(0)
    private let extensionWireBytes = Atomic<Int>(0)

    init() {}

    /// Adds a delta (`ConnectionTraffic.since(_:)`).
    func add(_ delta: ConnectionTraffic.Direction) {
        if delta.textMessages != 0 { textMessages.add(delta.textMessages, ordering: .relaxed) }
        if delta.textBytes != 0 { textBytes.add(delta.textBytes, ordering: .relaxed) }
        if delta.binaryMessages != 0 { binaryMessages.add(delta.binaryMessages, ordering: .relaxed) }
        if delta.binaryBytes != 0 { binaryBytes.add(delta.binaryBytes, ordering: .relaxed) }
        if delta.pings != 0 { pings.add(delta.pings, ordering: .relaxed) }
        if delta.pongs != 0 { pongs.add(delta.pongs, ordering: .relaxed) }
        if delta.closes != 0 { closes.add(delta.closes, ordering: .relaxed) }
        guard delta.extensionMessages != 0 || delta.extensionPayloadBytes != 0 || delta.extensionWireBytes != 0 else {
            return
        }
        extensionMessages.add(delta.extensionMessages, ordering: .relaxed)
        extensionPayloadBytes.add(delta.extensionPayloadBytes, ordering: .relaxed)
        extensionWireBytes.add(delta.extensionWireBytes, ordering: .relaxed)
    }

    /// The sums now.
    func load() -> ConnectionTraffic.Direction {
        var direction = ConnectionTraffic.Direction()
        direction.textMessages = textMessages.load(ordering: .relaxed)
        direction.textBytes = textBytes.load(ordering: .relaxed)
        direction.binaryMessages = binaryMessages.load(ordering: .relaxed)
        direction.binaryBytes = binaryBytes.load(ordering: .relaxed)
        direction.pings = pings.load(ordering: .relaxed)
        direction.pongs = pongs.load(ordering: .relaxed)
        direction.closes = closes.load(ordering: .relaxed)
        direction.extensionMessages = extensionMessages.load(ordering: .relaxed)
        direction.extensionPayloadBytes = extensionPayloadBytes.load(ordering: .relaxed)
        direction.extensionWireBytes = extensionWireBytes.load(ordering: .relaxed)
        return direction
    }
}
