import Dispatch
import Foundation
import WebSocketIO

let benchIdleUsage = """
    usage: ws bench idle --url URL [--connections N] [--sources K] [--duration S] [--server-pid PID] [--threads T]
                         [--settle S] [--concurrency C]
      Opens N connections (default 10000) to a ws serve echo server, their source addresses spread over 127.0.0.1
      to 127.0.0.K (--sources, default one per 20,000 connections: each source address has its own ~28,000
      ephemeral ports), waits --settle seconds (default 2) and reads the server's resident memory (VmRSS of
      --server-pid in /proc) before connecting and with all N open and idle: bytes per idle connection. Then for
      S seconds (default 60) every connection sends one 16-byte message per second, spread evenly over the second,
      and checks its echo. Prints echoes missing, round-trip latency p50/p99/max, connections lost, and the RSS
      after. This process raises its open-file soft limit to the hard limit and refuses an N the limit cannot
      hold (nor the server's, read from /proc/PID/limits). Exit 1 when a connect fails, an echo is missing or
      wrong, or a connection is lost; 2 for bad arguments or an N above the limits.
    """

/// Descriptors a process needs beside its connections (standard streams, event loops, listening socket, files).
private let reservedDescriptors = 64

/// `ws bench idle`: many idle connections, then a slow message on each (see `benchIdleUsage`).
func runBenchIdle(_ arguments: [String]) -> Int32 {
    let options: CommandLineArguments
    let settings: IdleSettings
    do {
        options = try CommandLineArguments(
            arguments,
            valueOptions: ["url", "connections", "sources", "duration", "server-pid", "threads", "settle", "concurrency"],
            flagOptions: ["help"])
        if options.flag("help") {
            print(benchIdleUsage)
            return 0
        }
        settings = try IdleSettings(options)
    } catch {
        printError("ws bench idle: \(error)\n\(benchIdleUsage)")
        return 2
    }
    let soft = raiseOpenFileLimit(to: Int.max, command: "ws bench idle", warn: false)
    if settings.connections + reservedDescriptors > soft {
        printError(
            "ws bench idle: \(settings.connections) connections need \(settings.connections + reservedDescriptors) descriptors in this process, but its open-file limit is \(soft) (the hard limit; only root with CAP_SYS_RESOURCE raises it): at most \(soft - reservedDescriptors) connections here")
        return 2
    }
    if let pid = settings.serverPID, let serverLimit = openFileLimit(pid: pid),
        settings.connections + reservedDescriptors > serverLimit
    {
        printError(
            "ws bench idle: \(settings.connections) connections need \(settings.connections + reservedDescriptors) descriptors in the server (pid \(pid)), but its open-file soft limit is \(serverLimit) (raise it with ulimit -n before starting it): at most \(serverLimit - reservedDescriptors) connections")
        return 2
    }
    do {
        let group = try EventLoopGroup(numberOfThreads: settings.threads)
        defer { group.shutdown() }
        return runBlocking { await IdleBench(settings: settings, group: group).run() }
    } catch {
        printError("ws bench idle: \(error)")
        return 1
    }
}

/// The options of `ws bench idle`.
struct IdleSettings: Sendable {
    var url: String
    var connections: Int
    var sources: Int
    var duration: Int
    var serverPID: Int32?
    var threads: Int
    var settleSeconds: Int
    var concurrency: Int

    init(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) {
        guard let url = options.value("url") else { throw CommandLineArguments.ParseError(description: "--url is required") }
        self.url = url
        connections = try options.int("connections") ?? 10_000
        guard connections >= 1 else { throw CommandLineArguments.ParseError(description: "--connections must be at least 1") }
        sources = try options.int("sources") ?? (connections + 19_999) / 20_000
        guard (1...254).contains(sources) else {
            throw CommandLineArguments.ParseError(description: "--sources is 1 to 254 (127.0.0.1 to 127.0.0.254)")
        }
        duration = try options.int("duration") ?? 60
        guard duration >= 1 else { throw CommandLineArguments.ParseError(description: "--duration must be at least 1") }
        serverPID = try options.int("server-pid").map { Int32(clamping: $0) }
        threads = max(1, try options.int("threads") ?? 2)
        settleSeconds = max(0, try options.int("settle") ?? 2)
        concurrency = max(1, try options.int("concurrency") ?? 64)
    }
}

/// The connections of one event loop and their schedule: every connection sends one message per second, the
/// loop's connections spread evenly over the second by a 10 ms tick. Loop-confined.
final class IdleLoopTraffic: @unchecked Sendable {
    var members: [IdleConnection] = []
    var histogram = LatencyHistogram()
    var maximumNanoseconds: UInt64 = 0
    var sent = 0
    var echoed = 0
    var wrong = 0
    var lost = 0
    var sendFailures = 0
    private var running = false
    private var started: UInt64 = 0
    private var due = 0

    /// Starts the schedule (loop thread).
    func start(on loop: EventLoop) {
        running = true
        started = DispatchTime.now().uptimeNanoseconds
        tick(on: loop)
    }

    /// Stops sending (loop thread); echoes still count.
    func stop() { running = false }

    private func tick(on loop: EventLoop) {
        guard running, !members.isEmpty else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        // Sends what the schedule owes by now: members.count per second, round robin.
        let owed = Int(Double(now - started) / 1e9 * Double(members.count))
        while due < owed {
            members[due % members.count].send(now: now)
            due += 1
        }
        loop.scheduleTaskOnLoop(in: .milliseconds(10)) { [self] in tick(on: loop) }
    }

    func record(_ nanoseconds: UInt64) {
        echoed += 1
        histogram.record(Int64(nanoseconds))
        maximumNanoseconds = max(maximumNanoseconds, nanoseconds)
    }
}

/// One idle connection: sends a 16-byte message (its index and a sequence number) when its loop says so and checks
/// that exactly that comes back. Loop-confined.
final class IdleConnection: WebSocketChannelDelegate, @unchecked Sendable {
    let index: UInt64
    let traffic: IdleLoopTraffic
    var channel: WebSocketChannel?
    private var sequence: UInt64 = 0
    private var echoedSequence: UInt64 = 0
    private var sentAt: [UInt64] = []
    private var head = 0
    var closing = false

    init(index: Int, traffic: IdleLoopTraffic) {
        self.index = UInt64(index)
        self.traffic = traffic
    }

    func send(now: UInt64) {
        guard let channel, channel.isOpen else { return }
        sequence += 1
        var payload = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: index.littleEndian) { payload.replaceSubrange(0..<8, with: $0) }
        withUnsafeBytes(of: sequence.littleEndian) { payload.replaceSubrange(8..<16, with: $0) }
        sentAt.append(now)
        traffic.sent += 1
        do { try channel.send(.binary(payload)) } catch { traffic.sendFailures += 1 }
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard head < sentAt.count, message.kind == .binary, message.bytes.count == 16 else {
            traffic.wrong += 1
            return
        }
        let (from, number) = message.bytes.withUnsafeBytes {
            (UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)), UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        guard from == index, number == echoedSequence + 1 else {
            traffic.wrong += 1
            return
        }
        echoedSequence = number
        traffic.record(now - sentAt[head])
        head += 1
        if head == sentAt.count {
            sentAt.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        if !closing { traffic.lost += 1 }
        self.channel = nil
    }
}

/// One run of `ws bench idle`.
struct IdleBench: Sendable {
    let settings: IdleSettings
    let group: EventLoopGroup

    func run() async -> Int32 {
        let traffics = group.loops.map { _ in IdleLoopTraffic() }
        let configuration = {
            var configuration = WebSocketConfiguration()
            configuration.keepalive = nil
            return configuration
        }()
        let pid = settings.serverPID
        let before = pid.flatMap { SoakMemory.read(pid: $0)?.resident }
        writeLine(
            "idle: \(settings.connections) connections to \(settings.url) from \(settings.sources) source address(es), server \(pid.map { "pid \($0)" } ?? "pid unknown") RSS before \(before.map(SoakReport.size) ?? "?")")
        let openStart = DispatchTime.now().uptimeNanoseconds
        // Connects `concurrency` at a time; connection i is on loop i % loops, from 127.0.0.(1 + i % sources).
        let failures = await withTaskGroup(of: String?.self) { tasks in
            var next = 0
            var failures: [String] = []
            func add() {
                let index = next
                next += 1
                let loopIndex = index % group.loops.count
                let connection = IdleConnection(index: index, traffic: traffics[loopIndex])
                let source = "127.0.0.\(1 + index % settings.sources)"
                tasks.addTask {
                    do {
                        let channel = try await WebSocketClient.connect(
                            to: settings.url, configuration: configuration, on: group.loops[loopIndex],
                            localAddress: source, delegate: connection)
                        _ = try? await channel.eventLoop.perform {
                            connection.channel = channel
                            connection.traffic.members.append(connection)
                        }
                        return nil
                    } catch {
                        return "connection \(index) from \(source): \(error)"
                    }
                }
            }
            while next < min(settings.concurrency, settings.connections) { add() }
            for await failure in tasks {
                if let failure { failures.append(failure) }
                if next < settings.connections && failures.isEmpty { add() }
            }
            return failures
        }
        let openSeconds = Double(DispatchTime.now().uptimeNanoseconds - openStart) / 1e9
        if !failures.isEmpty {
            printError("ws bench idle: \(failures.count) connect(s) failed; the first: \(failures[0])")
            await closeAll(traffics)
            return 1
        }
        writeLine(String(format: "idle: %d connections open in %.1f s", settings.connections, openSeconds))
        // A fixed settle time before reading memory (the server's last handshakes and frees), not a condition wait.
        try? await Task.sleep(for: .seconds(settings.settleSeconds))
        let idle = pid.flatMap { SoakMemory.read(pid: $0)?.resident }
        if let before, let idle {
            writeLine(
                "idle: server RSS with \(settings.connections) idle connections \(SoakReport.size(idle)): \(idle - before) B more = \((idle - before) / settings.connections) B per connection")
        }
        for (loop, traffic) in zip(group.loops, traffics) { loop.execute { traffic.start(on: loop) } }
        try? await Task.sleep(for: .seconds(settings.duration))
        for (loop, traffic) in zip(group.loops, traffics) { _ = try? await loop.perform { traffic.stop() } }
        // Drain: up to 5 s for the last echoes.
        var totals = IdleTotals()
        for _ in 0..<500 {
            totals = await collect(traffics)
            if totals.echoed + totals.wrong >= totals.sent { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let after = pid.flatMap { SoakMemory.read(pid: $0)?.resident }
        let missing = totals.sent - totals.echoed
        let perSecond = Double(totals.sent) / Double(settings.duration)
        writeLine(
            String(
                format: "idle: %d s at one message per connection per second: %d sent (%.0f/s), %d echoed, %d missing, %d wrong, %d send failures, %d connections lost; latency p50 %.0f us, p99 %.0f us, max %.0f us",
                settings.duration, totals.sent, perSecond, totals.echoed, missing, totals.wrong, totals.sendFailures,
                totals.lost, totals.histogram.percentile(0.5), totals.histogram.percentile(0.99),
                Double(totals.maximumNanoseconds) / 1000))
        if let idle, let after {
            writeLine("idle: server RSS after the traffic \(SoakReport.size(after)) (\(after - idle >= 0 ? "+" : "")\(after - idle) B since idle)")
        }
        await closeAll(traffics)
        let pass = missing == 0 && totals.wrong == 0 && totals.lost == 0 && totals.sendFailures == 0
        writeLine("idle: \(pass ? "PASS" : "FAIL")")
        return pass ? 0 : 1
    }

    /// The sums of every loop's counters.
    private func collect(_ traffics: [IdleLoopTraffic]) async -> IdleTotals {
        var totals = IdleTotals()
        for (loop, traffic) in zip(group.loops, traffics) {
            guard
                let part = try? await loop.perform({
                    IdleTotals(
                        sent: traffic.sent, echoed: traffic.echoed, wrong: traffic.wrong, lost: traffic.lost,
                        sendFailures: traffic.sendFailures, histogram: traffic.histogram,
                        maximumNanoseconds: traffic.maximumNanoseconds)
                })
            else { continue }
            totals.add(part)
        }
        return totals
    }

    /// Closes every connection (normal closure) without counting it as lost.
    private func closeAll(_ traffics: [IdleLoopTraffic]) async {
        for (loop, traffic) in zip(group.loops, traffics) {
            _ = try? await loop.perform {
                for member in traffic.members {
                    member.closing = true
                    try? member.channel?.close()
                }
            }
        }
    }
}

/// Counters summed over the loops.
struct IdleTotals: Sendable {
    var sent = 0
    var echoed = 0
    var wrong = 0
    var lost = 0
    var sendFailures = 0
    var histogram = LatencyHistogram()
    var maximumNanoseconds: UInt64 = 0

    mutating func add(_ other: IdleTotals) {
        sent += other.sent
        echoed += other.echoed
        wrong += other.wrong
        lost += other.lost
        sendFailures += other.sendFailures
        histogram.merge(other.histogram)
        maximumNanoseconds = max(maximumNanoseconds, other.maximumNanoseconds)
    }
}
