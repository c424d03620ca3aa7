import Foundation
import Synchronization
import WebSocketDeflate
import WebSocketIO

let benchStreamUsage = """
    usage: ws bench stream [--size BYTES] [--fragment BYTES] [--chunk BYTES] [--mode plain|deflate|both]
      Sends one message of BYTES bytes (default 1 GiB) from a client in this process to a server in this process
      that reads it through the streaming API (WebSocket.messageStreams, message limit = BYTES), plainly and with
      permessage-deflate (the client compresses the fragments as one message, the server inflates it as a
      stream), and prints for each: the time, the throughput and the growth of peak RSS over the RSS before the
      transfer (VmHWM reset through /proc/self/clear_refs, Linux). Fragments of --fragment bytes (default 1 MiB),
      chunks of at most --chunk bytes (default 256 KiB). Build with -c release for meaningful times.
    """

/// `ws bench stream`.
func runBenchStream(_ arguments: [String]) -> Int32 {
    let options: CommandLineArguments
    do {
        options = try CommandLineArguments(arguments, valueOptions: ["size", "fragment", "chunk", "mode"], flagOptions: ["help"])
        if options.flag("help") {
            print(benchStreamUsage)
            return 0
        }
    } catch {
        printError("ws bench stream: \(error)\n\(benchStreamUsage)")
        return 2
    }
    do {
        let size = try options.int("size") ?? 1 << 30
        let fragment = max(1, try options.int("fragment") ?? 1 << 20)
        let chunk = try options.int("chunk") ?? MessageDelivery.defaultChunkSize
        let modes: [Bool]
        switch options.value("mode") ?? "both" {
        case "plain": modes = [false]
        case "deflate": modes = [true]
        case "both": modes = [false, true]
        case let other: throw CommandLineArguments.ParseError(description: "--mode \(other): plain, deflate or both")
        }
        return runBlocking {
            var status: Int32 = 0
            for deflate in modes {
                do {
                    try await StreamBench(size: size, fragment: fragment, chunk: chunk, deflate: deflate).run()
                } catch {
                    printError("ws bench stream: \(error)")
                    status = 1
                }
            }
            return status
        }
    } catch {
        printError("ws bench stream: \(error)")
        return 2
    }
}

/// One run of `ws bench stream`: a server reading one large message as a stream, a client sending it.
struct StreamBench {
    let size: Int
    let fragment: Int
    let chunk: Int
    let deflate: Bool

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws {
        var configuration = WebSocketConfiguration()
        configuration.connection.messageDelivery = .streamed(maximumChunkSize: chunk)
        configuration.connection.limits.maximumMessageSize = size
        configuration.connection.limits.maximumFrameSize = max(fragment, 1 << 20)
        configuration.connection.limits.maximumFragmentsPerMessage = max(65_536, size / fragment + 2)
        configuration.extensions = deflate ? [PerMessageDeflate()] : []
        let received = Mutex<(bytes: Int, done: CheckedContinuation<Result<Int, Failure>, Never>?, result: Result<Int, Failure>?)>((0, nil, nil))
        let finish: @Sendable (Result<Int, Failure>) -> Void = { result in
            let waiter = received.withLock { state -> CheckedContinuation<Result<Int, Failure>, Never>? in
                guard state.result == nil else { return nil }
                state.result = result
                defer { state.done = nil }
                return state.done
            }
            waiter?.resume(returning: result)
        }
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let server = try WebSocketServer.start(host: "127.0.0.1", port: 0, configuration: configuration, group: group) { socket in
            for await message in socket.messageStreams {
                var total = 0
                var iterator = message.chunks.makeAsyncIterator()
                do throws(WebSocketError) {
                    while let piece = try await iterator.next() { total += piece.count }
                } catch {
                    finish(.failure(Failure(description: "the server's stream failed: \(error)")))
                    return
                }
                finish(.success(total))
            }
        }
        let client = try await WebSocket.connect(to: "ws://127.0.0.1:\(server.port)/", configuration: configuration)
        guard client.channel.extensionNames == (deflate ? ["permessage-deflate"] : []) else {
            throw Failure(description: "extensions negotiated: \(client.channel.extensionNames)")
        }
        let piece = Self.content(fragment)
        let before = Self.resetPeak()
        let start = ContinuousClock.now
        let count = (size + fragment - 1) / fragment
        try await client.send(.binary, fragments: StreamBenchFragments(count: count, size: size, piece: piece))
        let result = await withCheckedContinuation { continuation in
            let ready = received.withLock { state -> Result<Int, Failure>? in
                if let result = state.result { return result }
                state.done = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        let elapsed = ContinuousClock.now - start
        let memory = SoakMemory.read(pid: getpid())
        try await client.close()
        await server.shutdown()
        let total = try result.get()
        guard total == size else { throw Failure(description: "received \(total) of \(size) bytes") }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let mib = Double(size) / Double(1 << 20)
        let growth = memory.map { Double($0.peak - before) / Double(1 << 20) }
        print(String(
            format: "%@: %.0f MiB in %.2f s (%.0f MiB/s), RSS before %.1f MiB, peak %.1f MiB, peak growth %.1f MiB",
            deflate ? "deflate" : "plain  ", mib, seconds, mib / seconds, Double(before) / Double(1 << 20),
            Double(memory?.peak ?? 0) / Double(1 << 20), growth ?? -1))
    }

    /// A fragment's content: English-like prose (`ws bench deflate`'s corpus), which compresses about 3:1.
    static func content(_ count: Int) -> [UInt8] {
        var corpus = BenchDeflateCorpus()
        return Array(corpus.prose(count).utf8.prefix(count))
    }

    /// Resets the peak RSS (VmHWM) to the current RSS where the kernel allows it; returns the current RSS.
    static func resetPeak() -> Int {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
        return SoakMemory.read(pid: getpid())?.resident ?? 0
    }
}

/// The fragments of the benchmark's message: the same buffer again and again, the last one cut to the size.
struct StreamBenchFragments: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let count: Int
    let size: Int
    let piece: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(fragments: self) }

    struct Iterator: AsyncIteratorProtocol {
        let fragments: StreamBenchFragments
        var index = 0

        mutating func next() async -> [UInt8]? {
            guard index < fragments.count else { return nil }
            defer { index += 1 }
            let remaining = fragments.size - index * fragments.piece.count
            return remaining >= fragments.piece.count ? fragments.piece : Array(fragments.piece.prefix(remaining))
        }
    }
}
