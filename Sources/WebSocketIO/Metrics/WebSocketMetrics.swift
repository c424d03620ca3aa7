import Synchronization

/// Counters of a server or a set of clients, without dependencies. Thread-safe; read them at any time.
public final class WebSocketMetrics: Sendable {
    private let open = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let sent = Atomic<Int>(0)
    private let received_bytes = Atomic<Int>(0)
    private let sent_bytes = Atomic<Int>(0)
    private let writeStalls = Atomic<Int>(0)
    private let keepaliveTimeouts = Atomic<Int>(0)
    private let idleReleases = Atomic<Int>(0)
    private let tables = Mutex<(closeCodes: [UInt16: Int], rejections: [String: Int])>(([:], [:]))

    /// Empty counters.
    public init() {}

    /// A copy of every counter at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Connections open now (handshake complete, not yet closed).
        public var connectionsOpen: Int
        /// Connections opened since start.
        public var connectionsTotal: Int
        /// Data messages received.
        public var messagesIn: Int
        /// Data messages sent.
        public var messagesOut: Int
        /// Bytes read from sockets (all of them: handshakes, headers, payloads).
        public var bytesIn: Int
        /// Bytes handed to sockets.
        public var bytesOut: Int
        /// How often each close code was reported for a finished connection.
        public var closeCodes: [UInt16: Int]
        /// How often each handshake rejection reason occurred (e.g. `status-426`, `timeout`, `application-403`).
        public var handshakeRejections: [String: Int]
        /// Connections dropped because the peer read nothing for `writeStallTimeout` (`WS-WRITE-STALL`).
        public var writeStalls: Int = 0
        /// Connections closed with 1011 because no pong came within the keepalive timeout.
        public var keepaliveTimeouts: Int = 0
        /// Times a quiet connection released its extensions' idle memory (`WS-EXTENSION-IDLE-TIMER`).
        public var extensionIdleReleases: Int = 0
    }

    /// The counters now.
    public var snapshot: Snapshot {
        let (codes, rejections) = tables.withLock { ($0.closeCodes, $0.rejections) }
        return Snapshot(
            connectionsOpen: open.load(ordering: .relaxed), connectionsTotal: total.load(ordering: .relaxed),
            messagesIn: received.load(ordering: .relaxed), messagesOut: sent.load(ordering: .relaxed),
            bytesIn: received_bytes.load(ordering: .relaxed), bytesOut: sent_bytes.load(ordering: .relaxed),
            closeCodes: codes, handshakeRejections: rejections, writeStalls: writeStalls.load(ordering: .relaxed),
            keepaliveTimeouts: keepaliveTimeouts.load(ordering: .relaxed),
            extensionIdleReleases: idleReleases.load(ordering: .relaxed))
    }

    func writeStalled() { writeStalls.add(1, ordering: .relaxed) }
    func keepaliveTimedOut() { keepaliveTimeouts.add(1, ordering: .relaxed) }
    func extensionMemoryReleased() { idleReleases.add(1, ordering: .relaxed) }

    func connectionOpened() {
        open.add(1, ordering: .relaxed)
        total.add(1, ordering: .relaxed)
    }

    func connectionClosed(code: CloseCode) {
        open.subtract(1, ordering: .relaxed)
        tables.withLock { $0.closeCodes[code.rawValue, default: 0] += 1 }
    }

    func handshakeRejected(_ reason: String) {
        tables.withLock { $0.rejections[reason, default: 0] += 1 }
    }

    func messagesReceived(_ count: Int) { received.add(count, ordering: .relaxed) }
    func messagesSent(_ count: Int) { sent.add(count, ordering: .relaxed) }
    func bytesReceived(_ count: Int) { received_bytes.add(count, ordering: .relaxed) }
    func bytesSent(_ count: Int) { sent_bytes.add(count, ordering: .relaxed) }
}
