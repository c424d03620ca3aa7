import Synchronization
import WebSocketIO

/// The hub a backplane serves, held weakly (the hub holds its backplane) and shared with the subscriber's handler.
final class HubReference: Sendable {
    private let hub = Mutex<Weak>(Weak())

    private struct Weak {
        weak var value: BroadcastHub?
    }

    /// The hub, while it exists and is attached.
    var value: BroadcastHub? {
        get { hub.withLock { $0.value } }
        set { hub.withLock { $0.value = newValue } }
    }
}
