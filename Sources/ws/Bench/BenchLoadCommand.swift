import Dispatch
import Foundation
import Synchronization
import WebSocketIO

let benchUsage = """
    usage: ws bench core
           ws bench echo  --port P [--host H] [--connections N] [--size BYTES] [--depth D] [--duration S] [--text] [--threads T]
           ws bench storm --port P [--host H] [--count K] [--concurrency C] [--threads T]
           ws bench deflate [--repetitions N] [--level L]
      echo: N connections each keep D messages in flight for S seconds (after a 1 s warm-up); prints messages/s,
            MB/s (payload, one direction) and latency p50/p99 (write to echo received, queueing included).
      storm: opens, handshakes and closes K connections, C at a time; prints handshakes/s.
      echo --deflate: offers permessage-deflate (see the deflate options of ws serve).
      deflate: our DEFLATE against zlib (python3) on a JSON and English corpus: ratio, speeds, memory per connection.
    \(TLSOptions.benchUsage)
    """

/// `ws bench echo|storm`: load generators built on the library's own client.
func runBench(_ arguments: [String]) -> Int32 {
    if arguments.first == "deflate" { return runBenchDeflate(Array(arguments.dropFirst())) }
    guard let mode = arguments.first, mode == "echo" || mode == "storm" else {
        printError(benchUsage)
        return 2
    }
    let options: CommandLineArguments
    let extensions: [any WebSocketExtensionFactory]
    let security: (any StreamSecurity)?
    do {
        options = try CommandLineArguments(
            Array(arguments.dropFirst()),
            valueOptions: Set(["host", "port", "connections", "size", "depth", "duration", "count", "concurrency", "threads"])
                .union(DeflateOptions.valueOptions).union(TLSOptions.clientValueOptions),
            flagOptions: Set(["text", "help"]).union(DeflateOptions.flagOptions).union(TLSOptions.benchFlagOptions))
        if options.flag("help") {
            print(benchUsage)
            return 0
        }
        guard options.value("port") != nil else { throw CommandLineArguments.ParseError(description: "--port is required") }
        extensions = try DeflateOptions.extensions(options, enabledByDefault: false)
        security = try TLSOptions.benchSecurity(options)
    } catch {
        printError("ws bench: \(error)\n\(benchUsage)")
        return 2
    }
    do {
        let host = options.value("host") ?? "127.0.0.1"
        let port = try options.int("port")!
        let group = try EventLoopGroup(numberOfThreads: try options.int("threads") ?? 1)
        defer { group.shutdown() }
        if mode == "echo" {
            return runBlocking {
                await benchEcho(
                    url: "\(TLSOptions.scheme(security))://\(host):\(port)/", group: group, connections: (try? options.int("connections")) ?? 100,
                    size: (try? options.int("size")) ?? 16, depth: (try? options.int("depth")) ?? 16,
                    duration: Double((try? options.int("duration")) ?? 5), text: options.flag("text"),
                    extensions: extensions, security: security)
            }
        }
        return runBlocking {
            await benchStorm(
                url: "\(TLSOptions.scheme(security))://\(host):\(port)/", group: group,
                count: (try? options.int("count")) ?? 10_000, concurrency: (try? options.int("concurrency")) ?? 64,
                security: security)
        }
    } catch {
        printError("ws bench: \(error)")
        return 1
    }
}

/// Latency histogram: log-linear buckets (about 3 % wide) from 1 µs to ~100 s.
struct LatencyHistogram {
    private var buckets = [Int](repeating: 0, count: 1024)
    private(set) var count = 0

    private static func bucket(_ nanoseconds: Int64) -> Int {
        let micros = max(1.0, Double(nanoseconds) / 1000)
        return min(1023, Int(log(micros) / log(1.03)))
    }

    mutating func record(_ nanoseconds: Int64) {
        buckets[Self.bucket(nanoseconds)] += 1
        count += 1
    }

    mutating func merge(_ other: LatencyHistogram) {
        for i in 0..<buckets.count { buckets[i] += other.buckets[i] }
        count += other.count
    }

    /// The latency at `fraction` (0...1), in microseconds.
    func percentile(_ fraction: Double) -> Double {
        guard count > 0 else { return 0 }
        let target = Int((Double(count) * fraction).rounded(.up))
        var seen = 0
        for (index, n) in buckets.enumerated() {
            seen += n
            if seen >= target { return pow(1.03, Double(index) + 0.5) }
        }
        return pow(1.03, 1023)
    }
}

/// One echo connection: keeps `depth` messages in flight and times each round trip.
final class EchoLoad: WebSocketChannelDelegate, @unchecked Sendable {
    let payload: Message
    let depth: Int
    var sentAt: [UInt64] = []
    var head = 0
    var measuring = false
    var running = true
    var histogram = LatencyHistogram()
    var echoed = 0
    var mismatches = 0

    init(payload: Message, depth: Int) {
        self.payload = payload
        self.depth = depth
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Byte-for-byte comparison with memcmp (Array's == compares element by element).
    static func same(_ a: Message, _ b: Message) -> Bool {
        guard a.kind == b.kind, a.bytes.count == b.bytes.count else { return false }
        if a.bytes.isEmpty { return true }
        return a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    func start(_ channel: WebSocketChannel) {
        for _ in 0..<depth { send(channel) }
    }

    func send(_ channel: WebSocketChannel) {
        sentAt.append(Self.now())
        try? channel.send(payload)
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        let started = sentAt[head]
        head += 1
        if head > 1024 {
            sentAt.removeFirst(head)
            head = 0
        }
        if !Self.same(message, payload) { mismatches += 1 }
        if measuring {
            echoed += 1
            histogram.record(Int64(Self.now() - started))
        }
        if running { send(channel) }
    }
}

func benchEcho(
    url: String, group: EventLoopGroup, connections: Int, size: Int, depth: Int, duration: Double, text: Bool,
    extensions: [any WebSocketExtensionFactory] = [], security: (any StreamSecurity)? = nil
) async -> Int32 {
    let bytes = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
    let payload = text ? Message(kind: .text, bytes: bytes) : Message.binary(bytes)
    var channels: [(WebSocketChannel, EchoLoad)] = []
    var configuration = WebSocketConfiguration()
    configuration.connection.limits.maximumMessageSize = max(size, 1 << 20)
    configuration.connection.limits.maximumFrameSize = max(size, 1 << 20)
    configuration.extensions = extensions
    for _ in 0..<connections {
        let load = EchoLoad(payload: payload, depth: depth)
        do {
            let channel = try await WebSocketClient.connect(
                to: url, configuration: configuration, on: group.next(), security: security, delegate: load)
            channels.append((channel, load))
        } catch {
            printError("ws bench echo: \(error)")
            return 1
        }
    }
    for (channel, load) in channels { channel.eventLoop.execute { load.start(channel) } }
    try? await Task.sleep(for: .seconds(1))  // warm-up: a fixed period of load, not a wait for a condition
    for (channel, load) in channels { channel.eventLoop.execute { load.measuring = true } }
    let start = DispatchTime.now().uptimeNanoseconds
    try? await Task.sleep(for: .seconds(duration))
    let summaries = Mutex<(echoed: Int, mismatches: Int, histogram: LatencyHistogram)>((0, 0, LatencyHistogram()))
    for (channel, load) in channels {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            channel.eventLoop.execute {
                load.measuring = false
                load.running = false
                let (echoed, mismatches, histogram) = (load.echoed, load.mismatches, load.histogram)
                summaries.withLock {
                    $0.echoed += echoed
                    $0.mismatches += mismatches
                    $0.histogram.merge(histogram)
                }
                done.resume()
            }
        }
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    for (channel, _) in channels { channel.eventLoop.execute { try? channel.close() } }
    let (echoed, mismatches, histogram) = summaries.withLock { ($0.echoed, $0.mismatches, $0.histogram) }
    let rate = Double(echoed) / elapsed
    print(String(
        format: "echo %d conns x %d B x depth %d: %.0f msgs/s, %.2f MB/s, p50 %.0f us, p99 %.0f us%@",
        connections, size, depth, rate, rate * Double(size) / 1e6, histogram.percentile(0.5),
        histogram.percentile(0.99), mismatches > 0 ? ", \(mismatches) MISMATCHES" as NSString : "" as NSString))
    return mismatches == 0 ? 0 : 1
}

/// Opens, handshakes and closes connections, `concurrency` at a time.
final class StormLoad: WebSocketChannelDelegate, @unchecked Sendable {
    let done: @Sendable () -> Void
    init(done: @escaping @Sendable () -> Void) { self.done = done }
    func webSocketDidOpen(_ channel: WebSocketChannel) { try? channel.close() }
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {}
    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) { done() }
}

func benchStorm(
    url: String, group: EventLoopGroup, count: Int, concurrency: Int, security: (any StreamSecurity)? = nil
) async -> Int32 {
    let failures = FailureCounter()
    let start = DispatchTime.now().uptimeNanoseconds
    await withTaskGroup(of: Void.self) { tasks in
        let perWorker = (count + concurrency - 1) / concurrency
        for worker in 0..<concurrency {
            let quota = min(perWorker, count - worker * perWorker)
            guard quota > 0 else { continue }
            tasks.addTask {
                for _ in 0..<quota {
                    await withCheckedContinuation { (closed: CheckedContinuation<Void, Never>) in
                        let once = ResumeOnceVoid(closed)
                        Task {
                            do {
                                _ = try await WebSocketClient.connect(
                                    to: url, on: group.next(), security: security,
                                    delegate: StormLoad { once.resume() })
                            } catch {
                                failures.count.add(1, ordering: .relaxed)
                                once.resume()
                            }
                        }
                    }
                }
            }
        }
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let failed = failures.count.load(ordering: .relaxed)
    print(String(format: "storm %d connections, %d at a time: %.0f handshakes/s, %d failed", count, concurrency, Double(count - failed) / elapsed, failed))
    return failed == 0 ? 0 : 1
}

/// Resumes a void continuation once.
final class ResumeOnceVoid: @unchecked Sendable {
    private let lock = Mutex<CheckedContinuation<Void, Never>?>(nil)
    init(_ continuation: CheckedContinuation<Void, Never>) { lock.withLock { $0 = continuation } }
    func resume() { lock.withLock { state -> CheckedContinuation<Void, Never>? in defer { state = nil }; return state }?.resume() }
}

/// A shared failure count for the storm's tasks.
final class FailureCounter: Sendable {
    let count = Atomic<Int>(0)
}
