import Synchronization
import WebSocketIO

/// The soak's latency probe: one connection (on an event loop of its own, no compression) that sends a 16-byte
/// message every `probeIntervalMilliseconds` and times each echo. Loop-confined, except `result`.
final class SoakProbe: WebSocketChannelDelegate, @unchecked Sendable {
    /// What the probe measured.
    struct Result: Sendable {
        var sent = 0
        var echoed = 0
        var wrong = 0
        var maximumMicroseconds = 0.0
        var histogram = LatencyHistogram()
        var overLimit = 0
        var closeCode: CloseCode?
        var connectError: String?
    }

    private let interval: Duration
    private let limitNanoseconds: UInt64
    private var sentAt: [(sequence: UInt64, time: UInt64)] = []
    private var head = 0
    private var sequence: UInt64 = 0
    private var stopping = false
    private var channel: WebSocketChannel?
    private var working = Result()
    private let published = Mutex(Result())
    private var closed: (@Sendable () -> Void)?
    /// Called (on the probe's loop) with the sequence number and the wait of every echo over half the limit.
    var onSlowEcho: ((UInt64, Double) -> Void)?

    init(interval: Duration, limit: Duration) {
        self.interval = interval
        limitNanoseconds = UInt64(limit.components.seconds) * 1_000_000_000 + UInt64(limit.components.attoseconds / 1_000_000_000)
    }

    /// Connects and starts probing; returns once the connection is open (or failed).
    func start(url: String, on loop: EventLoop) async -> Bool {
        do {
            let channel = try await WebSocketClient.connect(to: url, on: loop, delegate: self)
            loop.execute { [self] in
                self.channel = channel
                tick()
            }
            return true
        } catch {
            working.connectError = "\(error)"
            published.withLock { $0.connectError = "\(error)" }
            return false
        }
    }

    /// Stops probing, closes the connection once the last echo is in, and returns the measurements.
    func stop(on loop: EventLoop) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnceVoid(continuation)
            loop.execute { [self] in
                closed = { once.resume() }
                stopping = true
                guard let channel, channel.isOpen else { return once.resume() }
                if head == sentAt.count { try? channel.close() }
                // A lost echo must not hang the run: close after the drain limit regardless.
                loop.scheduleTaskOnLoop(in: .seconds(10)) { try? channel.close() }
            }
        }
        return published.withLock { $0 }
    }

    private func tick() {
        guard let channel, channel.isOpen, !stopping else { return }
        sequence += 1
        var payload = withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
        payload += Array("soakprob".utf8)
        sentAt.append((sequence, SoakContext.now()))
        try? channel.send(.binary(payload))
        working.sent += 1
        publish()
        channel.eventLoop.scheduleTaskOnLoop(in: interval) { [self] in tick() }
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        let now = SoakContext.now()
        guard head < sentAt.count else {
            working.wrong += 1
            return publish()
        }
        let (expected, time) = sentAt[head]
        head += 1
        let wanted = withUnsafeBytes(of: expected.bigEndian) { Array($0) } + Array("soakprob".utf8)
        if message.kind != .binary || message.bytes != wanted { working.wrong += 1 }
        let waited = now - time
        working.echoed += 1
        working.histogram.record(Int64(waited))
        working.maximumMicroseconds = max(working.maximumMicroseconds, Double(waited) / 1000)
        if waited > limitNanoseconds { working.overLimit += 1 }
        if waited > limitNanoseconds / 2 { onSlowEcho?(expected, Double(waited) / 1e6) }
        publish()
        if stopping && head == sentAt.count { try? channel.close() }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        working.closeCode = code
        publish()
        let done = closed
        closed = nil
        done?()
        if !stopping { self.channel = nil }
    }

    private func publish() {
        let copy = working
        published.withLock { $0 = copy }
    }
}
