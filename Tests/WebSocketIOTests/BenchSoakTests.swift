import Testing
import WebSocketIO
import WebSocketProperties
@testable import ws

/// Short, in-process runs of the soak engine behind `ws bench soak` (Spec/soak.md): few connections for two
/// seconds, every role and every hostile input covered once (the plan's coverage), against an echo server with
/// `ws serve`'s settings. Latency is not asserted here (debug build, shared machine): the probe must only be answered.
@Suite("ws bench soak", .timeLimit(.minutes(1)))
struct BenchSoakTests {
    static func options(port: Int) -> SoakOptions {
        var options = SoakOptions()
        options.port = port
        options.connections = SoakPlan.coverage.count + 2
        options.duration = 2
        options.seed = 20_261_204
        options.intervalMilliseconds = 40
        options.maximumMessageSize = 16 << 10
        options.maximumDeflateMessageSize = 8 << 10
        options.serverMaximumMessageSize = 256 << 10
        options.slowPauseMilliseconds = 200
        options.probeLimitMilliseconds = 10_000
        options.drainTimeout = .seconds(10)
        options.rawTimeout = .seconds(10)
        return options
    }

    @Test("WS-SOAK-ECHO, WS-SOAK-HOSTILE, WS-SOAK-PROBE: a short soak against ws serve's echo passes: every echo intact, every hostile input answered with its code, the probe answered")
    func passes() async throws {
        let server = try SoakInProcessServer.start(maximumMessageSize: 256 << 10)
        let traffic = try await SoakRun.run(Self.options(port: server.port))
        await server.shutdown()
        let ledger = traffic.ledger
        #expect(ledger.failureCount == 0, "\(ledger.failures)")
        let echo = ledger.classes[.echo] ?? SoakClassTally()
        #expect(echo.messagesSent > 0 && echo.messagesEchoed == echo.messagesSent)
        #expect((ledger.classes[.slowReader]?.readPauses ?? 0) > 0)
        let pings = ledger.classes[.pingFlood] ?? SoakClassTally()
        #expect(pings.pingsSent > 0 && pings.pingsAnswered == pings.pingsSent)
        #expect(!ledger.abrupt.isEmpty)
        for input in SoakHostileInput.allCases {
            #expect(ledger.hostile[input]?.keys.sorted() == [input.expectedAnswer], "\(input.rawValue): \(ledger.hostile[input] ?? [:])")
        }
        #expect(traffic.probe.sent > 0 && traffic.probe.echoed == traffic.probe.sent && traffic.probe.wrong == 0)
        #expect(traffic.finalEcho == nil)
        #expect(SoakReport(options: Self.options(port: server.port), traffic: traffic).failures.isEmpty)
    }

    @Test("WS-SOAK-ECHO: a server that alters one byte of an echo fails the soak, naming the connection")
    func catchesCorruption() async throws {
        let server = try SoakInProcessServer.start(maximumMessageSize: 256 << 10) { _ in CorruptingEcho() }
        var options = Self.options(port: server.port)
        // Enough connections and time that some echo session sends even on a loaded machine; the probe (every
        // 100 ms) is echoed by the same corrupting server.
        options.connections = 16
        options.duration = 2
        let traffic = try await SoakRun.run(options)
        await server.shutdown()
        #expect(traffic.ledger.failures.contains { $0.contains("differs") } || traffic.probe.wrong > 0)
        #expect(!SoakReport(options: options, traffic: traffic).failures.isEmpty)
    }

    @Test("WS-SOAK-PLAN: a seed gives the same sessions, roles, compression and messages; another seed others")
    func planReplays() {
        func sessions(seed: UInt64) -> [String] {
            var lines: [String] = []
            for slot in 0..<40 {
                var g = Xorshift64Star(seed: seed, iteration: slot)
                for index in 0..<3 {
                    let plan = SoakPlan.session(slot: slot, index: index, deflatePercent: 30, using: &g)
                    var messages = Xorshift64Star(seed: plan.seed)
                    let first = SoakMessages.next(using: &messages, maximumSize: 1 << 20)
                    lines.append("\(SoakRun.describe(plan)) \(plan.rounds) \(plan.window) \(first.message.bytes.count) \(first.cuts)")
                }
            }
            return lines
        }
        #expect(sessions(seed: 7) == sessions(seed: 7))
        #expect(sessions(seed: 7) != sessions(seed: 8))
        var g = Xorshift64Star(seed: 7, iteration: 0)
        #expect(SoakPlan.session(slot: 0, index: 0, deflatePercent: 30, using: &g).role == SoakPlan.coverage[0])
    }

    @Test("WS-SOAK-SERVER: the server's RSS and peak come from /proc/PID/status")
    func memoryParse() {
        let status = "Name:\tws\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t3\n"
        let parsed = SoakMemory.parse(status: status)
        #expect(parsed?.resident == 100 << 20)
        #expect(parsed?.peak == 200 << 20)
        #expect(SoakMemory.parse(status: "Name:\tws\n") == nil)
    }
}

/// Echoes every message, but flips a byte of every third non-empty one.
final class CorruptingEcho: WebSocketChannelDelegate {
    var count = 0
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        var echo = message
        count += 1
        if count % 3 == 0 && !echo.bytes.isEmpty && echo.kind == .binary { echo.bytes[0] ^= 0xff }
        try? channel.send(echo)
    }
}
