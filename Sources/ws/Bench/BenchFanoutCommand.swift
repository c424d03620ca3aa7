import Dispatch
import Foundation
import Synchronization
import WebSocketIO

let benchFanoutUsage = """
    usage: ws bench fanout --url URL [--url URL]... [--subscribers N] [--size BYTES] [--rate R] [--duration S]
                           [--threads T] [--server-pid PID]...
      One publisher (on the first URL) sends R messages/s of BYTES bytes for S seconds to a broadcast room; N
      subscribers are spread over the URLs (one URL per node of a cluster: ws serve --mode broadcast --redis …).
      Prints publications, deliveries/s, deliveries missing, publish-to-deliver latency p50/p99 (the publisher
      stamps each message; all in this process, so one clock), and with --server-pid the servers' CPU per delivery
      (user + system time from /proc, summed over the PIDs). Defaults: 1000 subscribers, 64 B, 1000/s, 5 s,
      2 threads. Every URL must name the same room (for example ws://127.0.0.1:9001/room/bench).
    """

/// One subscriber: counts deliveries and times each from the publisher's stamp (loop thread only).
private final class FanoutSubscriber: WebSocketChannelDelegate, @unchecked Sendable {
    var measuring = false
    var delivered = 0
    var histogram = LatencyHistogram()

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        guard measuring, message.bytes.count >= 16 else { return }
        let stamp = message.bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        delivered += 1
        histogram.record(Int64(DispatchTime.now().uptimeNanoseconds) - Int64(stamp))
    }
}

/// The publisher's own connection: receives its publications too (it is a member of the room) and ignores them.
private final class FanoutPublisher: WebSocketChannelDelegate, @unchecked Sendable {
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {}
}

/// `ws bench fanout`.
func runBenchFanout(_ arguments: [String]) -> Int32 {
    let options: CommandLineArguments
    do {
        options = try CommandLineArguments(
            arguments, valueOptions: ["url", "subscribers", "size", "rate", "duration", "threads", "server-pid"],
            flagOptions: ["help"])
        if options.flag("help") {
            print(benchFanoutUsage)
            return 0
        }
        guard !options.values("url").isEmpty else { throw CommandLineArguments.ParseError(description: "--url is required") }
    } catch {
        printError("ws bench fanout: \(error)\n\(benchFanoutUsage)")
        return 2
    }
    do {
        let urls = options.values("url")
        let subscribers = try options.int("subscribers") ?? 1000
        let size = max(16, try options.int("size") ?? 64)
        let rate = max(1, try options.int("rate") ?? 1000)
        let duration = try options.int("duration") ?? 5
        let pids = options.values("server-pid").compactMap { Int32($0) }
        let group = try EventLoopGroup(numberOfThreads: try options.int("threads") ?? 2)
        defer { group.shutdown() }
        return runBlocking {
            await benchFanout(
                urls: urls, group: group, subscribers: subscribers, size: size, rate: rate,
                duration: duration, serverPIDs: pids)
        }
    } catch {
        printError("ws bench fanout: \(error)")
        return 1
    }
}

/// CPU seconds (user + system) a process has used, from /proc/PID/stat; nil when unreadable.
func processCPUSeconds(_ pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return nil }
    // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

private func benchFanout(
    urls: [String], group: EventLoopGroup, subscribers count: Int, size: Int, rate: Int, duration: Int,
    serverPIDs: [Int32]
) async -> Int32 {
    var configuration = WebSocketConfiguration()
    configuration.keepalive = nil
    var members: [(WebSocketChannel, FanoutSubscriber)] = []
    for index in 0..<count {
        let subscriber = FanoutSubscriber()
        do {
            let channel = try await WebSocketClient.connect(
                to: urls[index % urls.count], configuration: configuration, on: group.next(), delegate: subscriber)
            members.append((channel, subscriber))
        } catch {
            printError("ws bench fanout: subscriber \(index): \(error)")
            return 1
        }
    }
    let publisher: WebSocketChannel
    do {
        publisher = try await WebSocketClient.connect(
            to: urls[0], configuration: configuration, on: group.next(), delegate: FanoutPublisher())
    } catch {
        printError("ws bench fanout: publisher: \(error)")
        return 1
    }
    // Settle: the nodes subscribe their rooms on Redis when the first member joins (a fixed pause, not a wait for
    // a condition this process could observe).
    try? await Task.sleep(for: .seconds(1))
    for (channel, subscriber) in members {
        _ = try? await channel.eventLoop.perform { subscriber.measuring = true }
    }
    let cpuBefore = serverPIDs.compactMap(processCPUSeconds).reduce(0, +)
    let start = DispatchTime.now().uptimeNanoseconds
    let total = rate * duration
    var sent = 0
    var padding = [UInt8](repeating: UInt8(ascii: "x"), count: size)
    // Paced in 1 ms ticks: each tick sends what the rate owes by then.
    while sent < total {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let due = min(total, Int(elapsed * Double(rate)) + 1)
        while sent < due {
            let stamp = DispatchTime.now().uptimeNanoseconds
            withUnsafeBytes(of: stamp.littleEndian) { padding.replaceSubrange(0..<8, with: $0) }
            withUnsafeBytes(of: UInt64(sent).littleEndian) { padding.replaceSubrange(8..<16, with: $0) }
            let message = Message.binary(padding)
            publisher.eventLoop.execute { try? publisher.send(message) }
            sent += 1
        }
        try? await Task.sleep(for: .milliseconds(1))
    }
    let publishEnd = DispatchTime.now().uptimeNanoseconds
    // Drain: up to 2 s for the last deliveries.
    let expected = sent * count
    var delivered = 0
    var histogram = LatencyHistogram()
    for _ in 0..<200 {
        try? await Task.sleep(for: .milliseconds(10))
        delivered = 0
        for (channel, subscriber) in members { delivered += (try? await channel.eventLoop.perform { subscriber.delivered }) ?? 0 }
        if delivered >= expected { break }
    }
    let cpuAfter = serverPIDs.compactMap(processCPUSeconds).reduce(0, +)
    for (channel, subscriber) in members {
        if let part = try? await channel.eventLoop.perform({ subscriber.histogram }) { histogram.merge(part) }
    }
    let seconds = Double(publishEnd - start) / 1e9
    let cpu = serverPIDs.isEmpty ? "" : String(format: ", server CPU %.2f s = %.2f us/delivery", cpuAfter - cpuBefore, (cpuAfter - cpuBefore) * 1e6 / Double(max(1, delivered)))
    print(String(
        format: "fanout %d subscribers on %d node(s) x %d B at %d/s: %d publications, %.0f deliveries/s, %d missing, p50 %.0f us, p99 %.0f us%@",
        count, urls.count, size, rate, sent, Double(delivered) / seconds, expected - delivered,
        histogram.percentile(0.5), histogram.percentile(0.99), cpu as NSString))
    for (channel, _) in members { channel.eventLoop.execute { try? channel.close() } }
    publisher.eventLoop.execute { try? publisher.close() }
    return delivered >= expected ? 0 : 1
}
