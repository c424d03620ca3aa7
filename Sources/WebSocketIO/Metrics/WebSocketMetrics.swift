import Synchronization

/// Counters of a server or a set of clients, without dependencies. Thread-safe; read them at any time.
///
/// Connections add what they carried once per read pass, in relaxed atomics (never a lock or an allocation per
/// message); close codes and handshake outcomes, once per connection, go to small tables under a lock.
/// `PrometheusExposition` renders them in the Prometheus text format (`Spec/metrics.md`).
public final class WebSocketMetrics: Sendable {
    /// How many distinct application close codes (3000–4999, chosen by applications and peers) the close-code
    /// tables keep apart; later ones are counted together under `otherCloseCodes` (`WS-METRICS-CARDINALITY`).
    /// Codes below 3000 are the protocol's, few and always kept apart.
    public static let distinctApplicationCloseCodeLimit = 32
    /// The key under which the close-code tables count application codes past the first
    /// `distinctApplicationCloseCodeLimit` distinct ones (0 is no close code).
    public static let otherCloseCodes: UInt16 = 0

    private let open = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let received_bytes = Atomic<Int>(0)
    private let sent_bytes = Atomic<Int>(0)
    private let receivedTraffic = AtomicTrafficDirection()
    private let sentTraffic = AtomicTrafficDirection()
    private let writeStalls = Atomic<Int>(0)
    private let keepaliveTimeouts = Atomic<Int>(0)
    private let idleReleases = Atomic<Int>(0)
    private let tables = Mutex(Tables())

    /// Empty counters.
    public init() {}

    /// A copy of every counter at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Connections open now (handshake complete, not yet closed).
        public var connectionsOpen: Int
        /// Connections opened since start (handshakes accepted).
        public var connectionsTotal: Int
        /// Data messages received (`traffic.received.messages`).
        public var messagesIn: Int
        /// Data messages sent (`traffic.sent.messages`).
        public var messagesOut: Int
        /// Bytes read from sockets (all of them: handshakes, headers, payloads).
        public var bytesIn: Int
        /// Bytes handed to sockets.
        public var bytesOut: Int
        /// How often each close code was reported for a finished connection (1006 when no close frame arrived;
        /// see `otherCloseCodes`).
        public var closeCodes: [UInt16: Int]
        /// How often each handshake rejection reason occurred (e.g. `status-426`, `timeout`, `application-403`;
        /// `http-200` for a plain HTTP request answered with 200).
        public var handshakeRejections: [String: Int]
        /// Connections dropped because the peer read nothing for `writeStallTimeout` (`WS-WRITE-STALL`).
        public var writeStalls: Int = 0
        /// Connections closed with 1011 because no pong came within the keepalive timeout.
        public var keepaliveTimeouts: Int = 0
        /// Times a quiet connection released its extensions' idle memory (`WS-EXTENSION-IDLE-TIMER`).
        public var extensionIdleReleases: Int = 0
        /// Messages by type, their payload bytes, control frames, and the bytes of compressed messages before
        /// and after, summed over every connection, in each direction.
        public var traffic = ConnectionTraffic()
        /// The code of each close frame sent (1005 for one without a code; see `otherCloseCodes`).
        public var closeCodesSent: [UInt16: Int] = [:]
        /// The code of each close frame received (1005 for one without a code; see `otherCloseCodes`).
        public var closeCodesReceived: [UInt16: Int] = [:]
    }

    /// The counters now.
    public var snapshot: Snapshot {
        let tables = tables.withLock { $0 }
        var traffic = ConnectionTraffic()
        traffic.received = receivedTraffic.load()
        traffic.sent = sentTraffic.load()
        return Snapshot(
            connectionsOpen: open.load(ordering: .relaxed), connectionsTotal: total.load(ordering: .relaxed),
            messagesIn: traffic.received.messages, messagesOut: traffic.sent.messages,
            bytesIn: received_bytes.load(ordering: .relaxed), bytesOut: sent_bytes.load(ordering: .relaxed),
            closeCodes: tables.closeCodes, handshakeRejections: tables.rejections,
            writeStalls: writeStalls.load(ordering: .relaxed),
            keepaliveTimeouts: keepaliveTimeouts.load(ordering: .relaxed),
            extensionIdleReleases: idleReleases.load(ordering: .relaxed), traffic: traffic,
            closeCodesSent: tables.closeCodesSent, closeCodesReceived: tables.closeCodesReceived)
    }

    func writeStalled() { writeStalls.add(1, ordering: .relaxed) }
    func keepaliveTimedOut() { keepaliveTimeouts.add(1, ordering: .relaxed) }
    func extensionMemoryReleased() { idleReleases.add(1, ordering: .relaxed) }

    func connectionOpened() {
        open.add(1, ordering: .relaxed)
        total.add(1, ordering: .relaxed)
    }

    /// A connection that opened has closed: its reported code, and the codes of the close frames exchanged.
    func connectionClosed(_ closure: SessionClosure) {
        open.subtract(1, ordering: .relaxed)
        tables.withLock { tables in
            tables.count(closure.code.rawValue, in: \.closeCodes)
            if let sent = closure.sent { tables.count(sent.code?.rawValue ?? 1005, in: \.closeCodesSent) }
            if let received = closure.received { tables.count(received.code?.rawValue ?? 1005, in: \.closeCodesReceived) }
        }
    }

    func handshakeRejected(_ reason: String) {
        tables.withLock { $0.rejections[reason, default: 0] += 1 }
    }

    /// What a connection carried since it last reported (once per read pass).
    func add(_ delta: ConnectionTraffic) {
        receivedTraffic.add(delta.received)
        sentTraffic.add(delta.sent)
    }

    func bytesReceived(_ count: Int) { received_bytes.add(count, ordering: .relaxed) }
    func bytesSent(_ count: Int) { sent_bytes.add(count, ordering: .relaxed) }
}

/// The tables a `WebSocketMetrics` keeps under its lock.
private struct Tables {
    var closeCodes: [UInt16: Int] = [:]
    var closeCodesSent: [UInt16: Int] = [:]
    var closeCodesReceived: [UInt16: Int] = [:]
    var rejections: [String: Int] = [:]
    /// The application codes kept apart, first come first kept (`WS-METRICS-CARDINALITY`).
    var applicationCodes: Set<UInt16> = []

    mutating func count(_ code: UInt16, in table: WritableKeyPath<Tables, [UInt16: Int]>) {
        self[keyPath: table][key(for: code), default: 0] += 1
    }

    private mutating func key(for code: UInt16) -> UInt16 {
        guard code >= 3000, !applicationCodes.contains(code) else { return code }
        guard applicationCodes.count < WebSocketMetrics.distinctApplicationCloseCodeLimit else {
            return WebSocketMetrics.otherCloseCodes
        }
        applicationCodes.insert(code)
        return code
    }
}
