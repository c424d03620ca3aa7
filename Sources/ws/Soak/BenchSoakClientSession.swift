import Dispatch
import WebSocketDeflate
import WebSocketIO
import WebSocketProperties

/// One well-behaved connection of a soak, on the library's callback API: an echo client, a slow reader or a ping
/// flooder (`SoakRole`). It checks every echo against what it sent (kind and bytes, in order), keeps a count and a
/// checksum of both directions, and closes normally once its plan is done or the run's deadline has passed and every
/// echo is in. Everything but `run` happens on the connection's event loop.
final class SoakClientSession: WebSocketChannelDelegate, @unchecked Sendable {
    private let plan: SoakSessionPlan
    private let context: SoakContext
    private let label: String
    private var g: Xorshift64Star
    private var tally = SoakClassTally()
    private var sizes: [SoakSizeClass: (messages: Int, bytes: Int)] = [:]
    private var sent = SoakChecksum()
    private var echoed = SoakChecksum()
    /// Messages sent and not yet echoed, oldest first (from `head`).
    private var expected: [Message] = []
    private var head = 0
    private var mismatches = 0
    private var roundsLeft: Int
    private var pingCounter: UInt64 = 0
    private var pingsOutstanding = 0
    private var pingFailures = 0
    private var closing = false
    private var drainTimer: EventLoopScheduledTask?
    private var finished: (@Sendable () -> Void)?

    init(plan: SoakSessionPlan, context: SoakContext, label: String) {
        self.plan = plan
        self.context = context
        self.label = label
        g = Xorshift64Star(seed: plan.seed)
        roundsLeft = plan.rounds
        tally.sessions = 1
        tally.deflateSessions = plan.deflate == nil ? 0 : 1
    }

    /// Connects on `loop`, runs the session and returns when the connection is closed.
    func run(on loop: EventLoop) async {
        var settings = WebSocketConfiguration()
        if let deflate = plan.deflate { settings.extensions = [PerMessageDeflate(configuration: deflate)] }
        let configuration = settings
        let url = context.options.url
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnceVoid(continuation)
            finished = { once.resume() }
            Task {
                do {
                    _ = try await WebSocketClient.connect(to: url, configuration: configuration, on: loop, delegate: self)
                } catch {
                    context.ledger.connectFailed("\(label): connect failed: \(error)")
                    once.resume()
                }
            }
        }
    }

    // MARK: Delegate

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        if plan.deflate != nil && channel.extensionNames.isEmpty {
            context.ledger.fail("\(label): the server declined permessage-deflate")
        }
        switch plan.role {
        case .echo:
            for _ in 0..<plan.window { later(channel) { $0.sendEcho($1) } }
        case .slowReader, .pingFlood:
            later(channel) { $0.startRound($1) }
        case .abrupt, .hostile:
            try? channel.close()
        }
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        check(message)
        switch plan.role {
        case .echo:
            if roundsLeft > 0 && !context.isPastDeadline && !closing {
                later(channel) { $0.sendEcho($1) }
            } else {
                finishIfDone(channel)
            }
        case .slowReader, .pingFlood:
            roundEnded(channel)
        case .abrupt, .hostile:
            break
        }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        drainTimer?.cancel()
        if !closing || code != .normalClosure {
            context.ledger.fail(
                "\(label): closed with \(code)\(reason.isEmpty ? "" : " \"\(reason)\"") by \(closing ? "the close handshake" : "the server"), \(expected.count - head) echoes outstanding")
        }
        if sent != echoed && mismatches == 0 {
            context.ledger.fail("\(label): sent \(sent), echoed \(echoed)")
        }
        if pingFailures > 0 || pingsOutstanding > 0 {
            context.ledger.fail("\(label): \(pingFailures + pingsOutstanding) of \(tally.pingsSent) pings not answered")
        }
        tally.messagesEchoed = echoed.count
        tally.bytesEchoed = echoed.bytes
        context.ledger.merge(tally, into: plan.role.soakClass, sizes: sizes)
        let done = finished
        finished = nil
        done?()
    }

    // MARK: Echo

    private func sendEcho(_ channel: WebSocketChannel) {
        guard roundsLeft > 0, !context.isPastDeadline, !closing else { return finishIfDone(channel) }
        roundsLeft -= 1
        send(channel)
    }

    // MARK: Slow reader and ping flood

    /// A burst: messages (then a pause in reading) for a slow reader; pings and one message for a ping flooder.
    private func startRound(_ channel: WebSocketChannel) {
        guard roundsLeft > 0, !context.isPastDeadline, !closing else { return finishIfDone(channel) }
        roundsLeft -= 1
        if plan.role == .slowReader {
            for _ in 0..<g.int(in: 4...24) { send(channel) }
            channel.pauseReading()
            tally.readPauses += 1
            let pause = Duration.milliseconds(g.int(in: 100...context.options.slowPauseMilliseconds))
            channel.eventLoop.scheduleTaskOnLoop(in: pause) { channel.resumeReading() }
        } else {
            for _ in 0..<g.int(in: 50...1000) { ping(channel) }
            send(channel)
        }
    }

    private func ping(_ channel: WebSocketChannel) {
        pingCounter += 1
        let payload = withUnsafeBytes(of: pingCounter.bigEndian) { Array($0) } + g.bytes(count: g.int(in: 0...117))
        do {
            try channel.ping(payload) { [self] answered in
                pingsOutstanding -= 1
                if answered {
                    tally.pingsAnswered += 1
                    roundEnded(channel)
                } else {
                    pingFailures += 1
                }
            }
            pingsOutstanding += 1
            tally.pingsSent += 1
        } catch {
            context.ledger.fail("\(label): ping failed: \(error)")
        }
    }

    /// After an echo or a pong: once everything of the burst is back, the next burst (after a pause) or the close.
    private func roundEnded(_ channel: WebSocketChannel) {
        guard expected.count == head, pingsOutstanding == 0, !closing else { return }
        if roundsLeft > 0 && !context.isPastDeadline {
            later(channel) { $0.startRound($1) }
        } else {
            finishIfDone(channel)
        }
    }

    // MARK: Sending and checking

    private func send(_ channel: WebSocketChannel) {
        let options = context.options
        let outgoing = SoakMessages.next(
            using: &g, maximumSize: plan.deflate == nil ? options.maximumMessageSize : options.maximumDeflateMessageSize)
        let message = outgoing.message
        do {
            if outgoing.cuts.isEmpty {
                try channel.send(message)
            } else {
                let pieces = outgoing.fragments
                try channel.beginFragmentedMessage(message.kind, pieces[0])
                for (index, piece) in pieces.enumerated().dropFirst() {
                    try channel.continueFragmentedMessage(piece, isFinal: index == pieces.count - 1)
                }
                tally.fragmented += 1
            }
        } catch {
            context.ledger.fail("\(label): send failed: \(error)")
            return
        }
        expected.append(message)
        sent.add(message)
        tally.messagesSent += 1
        tally.bytesSent += message.bytes.count
        if message.kind == .text { tally.text += 1 } else { tally.binary += 1 }
        let sizeClass = SoakSizeClass(size: message.bytes.count)
        let old = sizes[sizeClass] ?? (0, 0)
        sizes[sizeClass] = (old.messages + 1, old.bytes + message.bytes.count)
    }

    private func check(_ message: Message) {
        echoed.add(message)
        guard head < expected.count else {
            mismatches += 1
            context.ledger.fail("\(label): an echo nobody sent (\(message.kind), \(message.bytes.count) B)")
            return
        }
        let wanted = expected[head]
        head += 1
        if head > 64 && head * 2 > expected.count {
            expected.removeFirst(head)
            head = 0
        }
        if !EchoLoad.same(wanted, message) {
            mismatches += 1
            let at = echoed.count
            context.ledger.fail(
                "\(label): echo \(at) differs: sent \(wanted.kind) \(wanted.bytes.count) B, got \(message.kind) \(message.bytes.count) B\(Self.firstDifference(wanted.bytes, message.bytes))")
        }
    }

    private static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        guard let index = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) else { return "" }
        return " (first difference at byte \(index))"
    }

    // MARK: Closing

    /// Closes normally once nothing is outstanding; after the deadline, gives outstanding echoes `drainTimeout`.
    private func finishIfDone(_ channel: WebSocketChannel) {
        guard !closing else { return }
        if expected.count == head && pingsOutstanding == 0 {
            closing = true
            try? channel.close(code: .normalClosure)
        } else if drainTimer == nil && context.isPastDeadline {
            drainTimer = channel.eventLoop.scheduleTaskOnLoop(in: context.options.drainTimeout) { [self] in
                guard !closing else { return }
                context.ledger.fail(
                    "\(label): \(expected.count - head) echoes and \(pingsOutstanding) pongs still missing \(context.options.drainTimeout) after the deadline")
                closing = true
                channel.abort()
            }
        }
    }

    /// Runs `action` after a think pause (uniform in 0...2x the mean interval).
    private func later(_ channel: WebSocketChannel, _ action: @escaping (SoakClientSession, WebSocketChannel) -> Void) {
        channel.eventLoop.scheduleTaskOnLoop(in: context.think(using: &g)) { [self] in
            guard channel.isOpen else { return }
            action(self, channel)
        }
    }
}
