import Dispatch
import WebSocketIO
import WebSocketProperties

/// What the traffic of a soak produced.
struct SoakTraffic: Sendable {
    var ledger: SoakLedger.State
    var probe: SoakProbe.Result
    /// Seconds from the first connection to the last close.
    var elapsed: Double
    /// Whether a fresh connection still got its echo after the run.
    var finalEcho: String?
}

/// The traffic of a soak against a listening server: `connections` slots, each a sequence of sessions drawn from
/// the plan (a slot reconnects after each session until the deadline), and the latency probe beside them.
enum SoakRun {
    /// Runs the soak described by `options` (whose `port` must be set) and returns its totals. With `quietPoint`
    /// and a warm-up, the traffic runs in two phases: the warm-up, then (every connection but the probe closed)
    /// `quietPoint`, where the caller measures the server, then the rest of the duration.
    static func run(_ options: SoakOptions, quietPoint: (@Sendable () async -> Void)? = nil) async throws -> SoakTraffic {
        let ledger = SoakLedger(verbose: options.verbose)
        let bomb = SoakBomb(serverMaximumMessageSize: options.serverMaximumMessageSize)
        let group = try EventLoopGroup(numberOfThreads: options.threads)
        let probeGroup = try EventLoopGroup(numberOfThreads: 1)
        let probe = SoakProbe(
            interval: .milliseconds(options.probeIntervalMilliseconds), limit: .milliseconds(options.probeLimitMilliseconds))
        let probeLoop = probeGroup.next()
        let started = SoakContext.now()
        if options.verbose {
            probe.onSlowEcho = { sequence, milliseconds in
                printError(String(format: "soak: t=%.3f s probe echo %llu took %.1f ms", Double(SoakContext.now() - started) / 1e9, sequence, milliseconds))
            }
        }
        _ = await probe.start(url: options.url, on: probeLoop)
        let warmUp = quietPoint == nil ? 0 : min(options.warmUpSeconds, options.duration / 2)
        let phases = warmUp > 0 ? [warmUp, options.duration - warmUp] : [options.duration]
        for (phase, seconds) in phases.enumerated() {
            let context = SoakContext(options: options, ledger: ledger, bomb: bomb, phase: phase, seconds: seconds, origin: started)
            await withTaskGroup(of: Void.self) { tasks in
                for slot in 0..<options.connections {
                    tasks.addTask { await runSlot(slot, context: context, loop: group.loops[slot % group.loops.count]) }
                }
            }
            if phase + 1 < phases.count, let quietPoint { await quietPoint() }
        }
        let probeResult = await probe.stop(on: probeLoop)
        let elapsed = Double(SoakContext.now() - started) / 1e9
        let finalEcho = await checkFinalEcho(url: options.url, on: group.next())
        await group.shutdownGracefully()
        await probeGroup.shutdownGracefully()
        return SoakTraffic(ledger: ledger.snapshot, probe: probeResult, elapsed: elapsed, finalEcho: finalEcho)
    }

    /// One slot: a connection at a time, from the plan, until the deadline.
    static func runSlot(_ slot: Int, context: SoakContext, loop: EventLoop) async {
        let options = context.options
        // The ramp: slots open their first connection spread over `rampSeconds` (a schedule, not a wait for a state).
        try? await Task.sleep(for: .milliseconds(Int(options.rampSeconds * 1000) * slot / options.connections))
        var g = Xorshift64Star(seed: options.seed, iteration: context.phase * options.connections + slot)
        var index = 0
        // The first session always runs, with at least its share of traffic time when it is a covered one, so that
        // every run covers `SoakPlan.coverage` however late a loaded machine wakes a slot from its ramp (such a slot
        // used to skip its role, or start it with the phase already over); the following sessions run until the
        // deadline.
        repeat {
            let plan = SoakPlan.session(slot: slot, index: index, deflatePercent: options.deflatePercent, using: &g)
            let session = index == 0 && slot < SoakPlan.coverage.count ? context.forCoverage() : context
            let label = "\(context.phase == 0 ? "" : "phase \(context.phase) ")slot \(slot) session \(index) (\(describe(plan)))"
            switch plan.role {
            case .echo, .slowReader, .pingFlood:
                await SoakClientSession(plan: plan, context: session, label: label).run(on: loop)
            case .abrupt, .hostile:
                await SoakRawSession(plan: plan, context: session, label: label).run(on: loop)
            }
            index += 1
            guard !context.isPastDeadline else { break }
            // Reconnect after a short pause.
            try? await Task.sleep(for: .milliseconds(g.int(in: 0...200)))
        } while !context.isPastDeadline
    }

    /// The role and compression of a session, for messages.
    static func describe(_ plan: SoakSessionPlan) -> String {
        let role = switch plan.role {
        case .hostile(let input): "hostile \(input.rawValue)"
        default: plan.role.soakClass.rawValue
        }
        guard let deflate = plan.deflate else { return role }
        let takeover = deflate.clientNoContextTakeover ? ", no context takeover" : ""
        return "\(role), deflate \(deflate.level) windows \(deflate.clientMaxWindowBits)/\(deflate.serverMaxWindowBits)\(takeover)"
    }

    /// After the run, a fresh connection sends one message and waits (up to 10 s) for its echo; nil when it came.
    static func checkFinalEcho(url: String, on loop: EventLoop) async -> String? {
        do {
            let socket = try await WebSocket.connect(to: url, on: loop)
            try await socket.send(text: "soak: still there?")
            // Closing ends the message sequence: the timeout cannot leave the loop below waiting.
            let timeout = Task {
                try? await Task.sleep(for: .seconds(10))
                if !Task.isCancelled { _ = try? await socket.close(code: .goingAway, reason: "no echo") }
            }
            var reply: WebSocketMessage?
            for await message in socket.messages {
                reply = message
                break
            }
            timeout.cancel()
            _ = try? await socket.close(code: .normalClosure, reason: "")
            return reply == .text("soak: still there?") ? nil : "the final echo was \(reply.map { "\($0)" } ?? "missing")"
        } catch {
            return "a fresh connection failed after the run: \(error)"
        }
    }
}
