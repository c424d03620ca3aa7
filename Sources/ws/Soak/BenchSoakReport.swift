import Foundation

/// The outcome of a soak: the traffic's totals, the probe and the server's memory and health, with the verdict.
struct SoakReport {
    var options: SoakOptions
    var traffic: SoakTraffic
    /// The server's RSS before the traffic (resident, peak so far).
    var baseline: (resident: Int, peak: Int)?
    /// The server's RSS at the quiet point after the warm-up (resident, peak so far), when there was one.
    var warm: (resident: Int, peak: Int)?
    /// The server's RSS after every connection closed and the settle time (resident, peak over the whole run).
    var after: (resident: Int, peak: Int)?
    /// Whether the server process still ran after the traffic (nil: no process to look at).
    var serverAlive: Bool?
    /// How the spawned server ended on SIGTERM (nil: not spawned by the soak).
    var serverExit: (clean: Bool, description: String)?
    /// CPU seconds the server used during the run.
    var serverCPUSeconds: Double?
    /// The machine's 1-minute load average before and after the run.
    var loadAverages: (before: String, after: String)?

    /// The baseline the RSS after the run is compared with: the warm one when there was a warm-up (the allocator
    /// keeps freed memory for reuse, so the cold RSS at start is not what an idle server returns to).
    var referenceResident: Int? { warm?.resident ?? baseline?.resident }

    /// The RSS the server may keep after the run.
    var residentLimit: Int? { referenceResident.map { $0 + options.rssSlackBytes } }

    /// Every failed assertion; empty when the soak passed.
    var failures: [String] {
        var failures: [String] = []
        let ledger = traffic.ledger
        if ledger.failureCount > 0 {
            failures.append("\(ledger.failureCount) connection failures (echoes, close codes, hostile answers): see above")
        }
        let probe = traffic.probe
        if let error = probe.connectError { failures.append("probe: could not connect: \(error)") }
        if probe.overLimit > 0 {
            failures.append(String(
                format: "probe: %d of %d echoes took more than %d ms (max %.1f ms)", probe.overLimit, probe.echoed,
                options.probeLimitMilliseconds, probe.maximumMicroseconds / 1000))
        }
        if probe.echoed < probe.sent { failures.append("probe: \(probe.sent - probe.echoed) of \(probe.sent) echoes never came") }
        if probe.wrong > 0 { failures.append("probe: \(probe.wrong) echoes differ from what was sent") }
        if let code = probe.closeCode, code != .normalClosure { failures.append("probe: closed with \(code)") }
        if probe.connectError == nil && probe.sent == 0 { failures.append("probe: sent nothing") }
        if let limit = residentLimit, let after {
            if after.resident > limit {
                failures.append(
                    "server RSS after the run \(Self.size(after.resident)) exceeds the \(warm == nil ? "" : "warm ")baseline + \(Self.size(options.rssSlackBytes)) = \(Self.size(limit))")
            }
        }
        if serverAlive == false { failures.append("the server process died during the run") }
        if let exit = serverExit, !exit.clean { failures.append("the server did not exit cleanly on SIGTERM: \(exit.description)") }
        if let finalEcho = traffic.finalEcho { failures.append("after the run: \(finalEcho)") }
        return failures
    }

    /// The summary, for people.
    var text: String {
        var lines: [String] = []
        let ledger = traffic.ledger
        lines.append(String(
            format: "soak summary: seed %llu (0x%llx), %d connections, %.0f s of traffic (%.1f s until the last close)",
            options.seed, options.seed, options.connections, options.duration, traffic.elapsed))
        lines.append(Self.row(["class", "sessions", "deflate", "msgs sent", "bytes sent", "echoed", "bytes echoed", "fragmented", "text/binary"]))
        for soakClass in SoakClass.allCases {
            let t = ledger.classes[soakClass] ?? SoakClassTally()
            lines.append(Self.row([
                soakClass.rawValue, "\(t.sessions)", "\(t.deflateSessions)", "\(t.messagesSent)", Self.size(t.bytesSent),
                "\(t.messagesEchoed)", Self.size(t.bytesEchoed), "\(t.fragmented)", "\(t.text)/\(t.binary)",
            ]))
        }
        let slow = ledger.classes[.slowReader] ?? SoakClassTally()
        let pings = ledger.classes[.pingFlood] ?? SoakClassTally()
        lines.append("  slow readers: \(slow.readPauses) read pauses (up to \(options.slowPauseMilliseconds) ms)")
        lines.append("  ping floods: \(pings.pingsSent) pings, \(pings.pingsAnswered) answered")
        lines.append("  message sizes (well-behaved clients): " + SoakSizeClass.allCases.map { sizeClass in
            let counts = ledger.sizes[sizeClass] ?? (0, 0)
            return "\(sizeClass) \(counts.messages) msgs \(Self.size(counts.bytes))"
        }.joined(separator: "; "))
        lines.append("  abrupt disconnects: " + (ledger.abrupt.isEmpty ? "none" : ledger.abrupt.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        lines.append("  hostile inputs (expected answer: answers seen; slowest answer):")
        for input in SoakHostileInput.allCases {
            let seen = ledger.hostile[input] ?? [:]
            let answers = seen.isEmpty ? "not sent" : seen.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
            let slowest = ledger.slowestAnswer[input].map { String(format: "; %.1f ms", Double($0) / 1e6) } ?? ""
            let mark = seen.isEmpty ? " " : (seen.keys.allSatisfy { $0 == input.expectedAnswer } ? "ok" : "!!")
            lines.append("    \(mark.padding(toLength: 3, withPad: " ", startingAt: 0))\(input.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)) \(input.expectedAnswer.padding(toLength: 9, withPad: " ", startingAt: 0)): \(answers)\(slowest)")
        }
        if ledger.connectFailures > 0 { lines.append("  connection attempts that failed: \(ledger.connectFailures)") }
        let probe = traffic.probe
        lines.append(String(
            format: "  probe: %d sent, %d echoed, p50 %.2f ms, p99 %.2f ms, max %.2f ms (limit %d ms, %d over)", probe.sent,
            probe.echoed, probe.histogram.percentile(0.5) / 1000, probe.histogram.percentile(0.99) / 1000,
            probe.maximumMicroseconds / 1000, options.probeLimitMilliseconds, probe.overLimit))
        if let baseline, let after, let limit = residentLimit {
            let warmText = warm.map { "after the warm-up \(Self.size($0.resident)), " } ?? ""
            lines.append(
                "  server RSS: at start \(Self.size(baseline.resident)), \(warmText)peak \(Self.size(after.peak)), after \(Self.size(after.resident)) (\(options.settleSeconds) s after the last close; limit \(warm == nil ? "start" : "warm") + \(Self.size(options.rssSlackBytes)) = \(Self.size(limit)))")
        } else {
            lines.append("  server RSS: not measured (no server process: pass --server-pid)")
        }
        if let serverCPUSeconds {
            lines.append(String(format: "  server CPU: %.1f s (%.0f%% of one core over the run)", serverCPUSeconds, 100 * serverCPUSeconds / max(traffic.elapsed, 0.001)))
        }
        if let loadAverages { lines.append("  machine load average (1 min): \(loadAverages.before) before, \(loadAverages.after) after") }
        if let serverAlive { lines.append("  server process: \(serverAlive ? "alive after the run" : "DEAD")") }
        if let serverExit { lines.append("  server on SIGTERM: \(serverExit.description)") }
        if !ledger.failures.isEmpty {
            lines.append("  first failures:")
            lines += ledger.failures.map { "    \($0)" }
            if ledger.failureCount > ledger.failures.count {
                lines.append("    ... and \(ledger.failureCount - ledger.failures.count) more")
            }
        }
        let failures = failures
        lines.append(failures.isEmpty ? "soak: PASS" : "soak: FAIL\n" + failures.map { "  - \($0)" }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: [String]) -> String {
        let widths = [18, 9, 8, 10, 11, 10, 13, 11, 12]
        return "  " + zip(cells, widths).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }

    /// A byte count for people: B, KiB, MiB or GiB.
    static func size(_ bytes: Int) -> String {
        let value = Double(bytes)
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", value / 1024) }
        if bytes < 1 << 30 { return String(format: "%.1f MiB", value / 1_048_576) }
        return String(format: "%.2f GiB", value / 1_073_741_824)
    }
}
