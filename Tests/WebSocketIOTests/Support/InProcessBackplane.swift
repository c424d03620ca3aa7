import Dispatch
import Synchronization
@testable import WebSocketIO

/// Joins hubs in one process the way Redis pub/sub joins nodes: a publication goes to every attached node that
/// listens to the room, the publisher included, in publication order (one serial queue). It can be cut (publications
/// are dropped and counted, as a backplane does while Redis is down) and can hand every publication over twice.
final class InProcessBackplaneBus: Sendable {
    struct Settings {
        var connected = true
        var deliverTwice = false
    }

    let settings = Mutex(Settings())
    private let nodes = Mutex<[InProcessBackplane]>([])
    private let queue = DispatchQueue(label: "in-process backplane")

    /// A new node's backplane on this bus.
    func node() -> InProcessBackplane {
        let node = InProcessBackplane(bus: self)
        nodes.withLock { $0.append(node) }
        return node
    }

    fileprivate func carry(room: String, envelope: [UInt8]) -> Bool {
        let (connected, twice) = settings.withLock { ($0.connected, $0.deliverTwice) }
        guard connected else { return false }
        let listeners = nodes.withLock { $0.filter { $0.listens(to: room) } }
        queue.async {
            for node in listeners {
                node.hub?.receive(fromBackplane: envelope)
                if twice { node.hub?.receive(fromBackplane: envelope) }
            }
        }
        return true
    }

    /// Waits until every publication handed to the bus so far was delivered to the hubs.
    func drain() async {
        await withCheckedContinuation { continuation in queue.async { continuation.resume() } }
    }
}

/// One node's end of an `InProcessBackplaneBus`; records the hub's subscribe and unsubscribe calls.
final class InProcessBackplane: BroadcastBackplane, @unchecked Sendable {
    /// Weak: the bus holds its nodes, so a strong reference back would be a cycle (LeakSanitizer reports it).
    private weak var bus: InProcessBackplaneBus?
    private let lock = Mutex<(rooms: Set<String>, calls: [String], status: BroadcastBackplaneStatus)>(
        ([], [], BroadcastBackplaneStatus(isConnected: true, state: "in process")))
    private(set) weak var hub: BroadcastHub?

    fileprivate init(bus: InProcessBackplaneBus) { self.bus = bus }

    /// The subscribe and unsubscribe calls so far, as `+room` and `-room`.
    var calls: [String] { lock.withLock { $0.calls } }

    func listens(to room: String) -> Bool { lock.withLock { $0.rooms.contains(room) } }

    func attach(to hub: BroadcastHub) { self.hub = hub }

    func subscribe(room: String) {
        lock.withLock {
            $0.rooms.insert(room)
            $0.calls.append("+" + room)
        }
    }

    func unsubscribe(room: String) {
        lock.withLock {
            $0.rooms.remove(room)
            $0.calls.append("-" + room)
        }
    }

    func publish(room: String, envelope: [UInt8]) {
        let carried = bus?.carry(room: room, envelope: envelope) ?? false
        lock.withLock {
            if carried { $0.status.publicationsSent += 1 } else { $0.status.publicationsDropped += 1 }
        }
    }

    func clusterMemberCounts() -> [String: Int]? { nil }

    var status: BroadcastBackplaneStatus { lock.withLock { $0.status } }

    func shutdown() {}
}
