/// One side of a `SessionPair`: its session, the timer and reading state its actions set, its transport as the
/// TCP model sees it, and what its application was told.
final class ModelEndpoint {
    /// The session under check.
    let session: WebSocketSession
    /// Which side.
    let side: ModelSide
    /// The armed timer (the last `setTimer`).
    var timer: SessionInstant?
    /// The last `pauseReading` / `resumeReading`.
    var readingPaused = false
    /// This side's stream towards the peer ended (its FIN is queued after its bytes, or an injected end of
    /// stream): later writes are lost.
    var sentFIN = false
    /// The peer's FIN was delivered (`endOfStream`).
    var gotFIN = false
    /// The session asked for `closeTransport`.
    var closeRequested = false
    /// The session asked for `abortTransport`.
    var abortRequested = false
    /// `transportClosed` is due (a move reports it).
    var transportClosePending = false
    /// `transportClosed` was reported.
    var transportGone = false
    /// The application called `close` (at most once).
    var closeUsed = false
    /// `opened` was delivered.
    var opened = false
    /// How many `closed` events were delivered.
    var closedCount = 0
    /// How many `handshakeFailed` events were delivered.
    var handshakeFailedCount = 0
    /// Delivered messages, pings, pongs, answered pings and notices, by kind.
    var eventCounts = [Int](repeating: 0, count: 5)
    /// Timeouts that fired: `closeTimedOut`, `keepaliveTimedOut` notices and `handshakeFailed(.timedOut)`.
    var timeouts = 0
    /// Bytes written (all segments, lost or not).
    var bytesWritten = 0
    /// A running digest of every input with its instant (the exact fingerprint).
    var inputDigest: UInt64 = 0

    init(session: WebSocketSession, side: ModelSide) {
        self.session = session
        self.side = side
    }

    /// The transport is gone and the session is closed or ended: nothing more can happen to this side.
    var isFinished: Bool {
        transportGone && (session.phase == .closed || session.phase == .ended)
    }

    /// Records an input in `inputDigest`.
    func recordInput(_ kind: Int, _ now: SessionInstant, bytes: [UInt8] = []) {
        var hasher = Hasher()
        hasher.combine(kind)
        hasher.combine(now)
        hasher.combine(bytes)
        inputDigest = inputDigest &* 0x100_0000_01B3 &+ UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// Hashes what this side shows from outside, with its timer relative to `now`.
    func hashObservable(into hasher: inout Hasher, now: SessionInstant) {
        hasher.combine(session.phase)
        hasher.combine(session.closure)
        hasher.combine(timer.map { $0 - now })
        hasher.combine(readingPaused)
        hasher.combine(sentFIN)
        hasher.combine(gotFIN)
        hasher.combine(closeRequested)
        hasher.combine(abortRequested)
        hasher.combine(transportClosePending)
        hasher.combine(transportGone)
        hasher.combine(closeUsed)
        hasher.combine(opened)
        hasher.combine(closedCount)
        hasher.combine(handshakeFailedCount)
        hasher.combine(eventCounts)
        hasher.combine(bytesWritten)
        hasher.combine(timeouts)
        hasher.combine(session.pendingOutboundBytes)
    }
}

extension ModelEndpoint {
    /// The other side's endpoint in `pair`.
    func peerEndpoint(in pair: SessionPair) -> ModelEndpoint { pair.endpoint(side.peer) }
}
