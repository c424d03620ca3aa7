import Foundation
import WebSocketDeflate

/// `ws bench deflate [--repetitions N] [--level L]`: our DEFLATE against zlib (Python's, in a subprocess) on the
/// same messages in the same run, compressed and decompressed the way permessage-deflate does it (a 2^15 window, a
/// sync flush per message, with and without context takeover). Prints the compressed size against zlib level 6
/// (target: at most 5 % larger), compression speed (target: at least 0.5× zlib's), decompression speed of zlib's
/// output (target: at least 0.7× zlib's) and the memory one connection's codecs hold. Meaningful only in a
/// release build. zlib's times include Python's per-call overhead (about a microsecond per message).
func runBenchDeflate(_ arguments: [String]) -> Int32 {
    let repetitions: Int
    let level: DeflateLevel
    do {
        let parsed = try CommandLineArguments(arguments, valueOptions: ["repetitions", "level"], flagOptions: ["help"])
        if parsed.flag("help") {
            print("usage: ws bench deflate [--repetitions N] [--level L]")
            return 0
        }
        repetitions = max(1, try parsed.int("repetitions") ?? 5)
        guard let chosen = DeflateLevel(try parsed.int("level") ?? 6) else {
            throw CommandLineArguments.ParseError(description: "--level is 1 through 9")
        }
        level = chosen
    } catch {
        printError("ws bench deflate: \(error)\nusage: ws bench deflate [--repetitions N] [--level L]")
        return 2
    }
    #if DEBUG
    printError("warning: debug build; run `swift run -c release ws bench deflate` for meaningful numbers")
    #endif
    var corpus = BenchDeflateCorpus()
    let sets = [corpus.json(count: 3_000), corpus.english(count: 250)]
    print("ws bench deflate: \(level) against zlib level \(level.value), window 15, best of \(repetitions)")
    for set in sets {
        print("  corpus \(set.name): \(set.messages.count) messages, \(set.byteCount) bytes")
    }
    var allPassed = true
    for contextTakeover in [true, false] {
        print(contextTakeover ? "context takeover (one stream per connection)" : "no context takeover (a stream per message)")
        for set in sets {
            guard let passed = DeflateComparison(set: set, level: level, contextTakeover: contextTakeover, repetitions: repetitions).run()
            else {
                printError("ws bench deflate: python3 with zlib is needed for the comparison")
                return 1
            }
            allPassed = allPassed && passed
        }
    }
    printMemoryPerConnection(level: level)
    print(allPassed ? "all targets met" : "SOME TARGETS MISSED")
    return 0
}

/// One corpus, one context mode: ours against zlib.
struct DeflateComparison {
    let set: BenchDeflateCorpus.MessageSet
    let level: DeflateLevel
    let contextTakeover: Bool
    let repetitions: Int

    /// Measures and prints; nil when zlib could not run, else whether the targets were met.
    func run() -> Bool? {
        guard let (zlib, zlibCompressed) = BenchZlib.run(
            set.messages, level: level.value, contextTakeover: contextTakeover, repetitions: repetitions)
        else { return nil }
        var ours: [[UInt8]] = []
        let compressSeconds = best {
            var deflater = Deflater(level: level, windowBits: 15)
            ours = set.messages.map { message in
                if !contextTakeover { deflater.reset() }
                return deflater.compressMessage(message)
            }
        }
        guard inflateAll(ours) == set.messages, inflateAll(zlibCompressed) == set.messages else {
            printError("ws bench deflate: round trip failed on \(set.name)")
            return false
        }
        let decompressSeconds = best { _ = inflateAll(zlibCompressed, keep: false) }
        let oursSize = ours.reduce(0) { $0 + $1.count }
        let sizeRatio = Double(oursSize) / Double(zlib.compressed)
        let compressRatio = zlib.compressSeconds / compressSeconds
        let decompressRatio = zlib.decompressSeconds / decompressSeconds
        let megabytes = Double(set.byteCount) / 1e6
        func line(_ label: String, _ ours: String, _ theirs: String, _ note: String) {
            print("  \(set.name.padding(toLength: 8, withPad: " ", startingAt: 0))\(label.padding(toLength: 12, withPad: " ", startingAt: 0))"
                + "ours \(ours.padding(toLength: 14, withPad: " ", startingAt: 0))zlib \(zlib.version) "
                + "\(theirs.padding(toLength: 14, withPad: " ", startingAt: 0))\(note)")
        }
        let sizePass = sizeRatio <= 1.05, compressPass = compressRatio >= 0.5, decompressPass = decompressRatio >= 0.7
        line("size", "\(oursSize) B", "\(zlib.compressed) B",
             String(format: "%.3f of zlib (%.1f%% of input; target <= 1.05) %@", sizeRatio,
                    100 * Double(oursSize) / Double(set.byteCount), sizePass ? "ok" : "MISSED"))
        line("compress", String(format: "%.1f MB/s", megabytes / compressSeconds),
             String(format: "%.1f MB/s", megabytes / zlib.compressSeconds),
             String(format: "%.2fx zlib (target >= 0.5x) %@", compressRatio, compressPass ? "ok" : "MISSED"))
        line("decompress", String(format: "%.1f MB/s", megabytes / decompressSeconds),
             String(format: "%.1f MB/s", megabytes / zlib.decompressSeconds),
             String(format: "%.2fx zlib, on zlib's output (target >= 0.7x) %@", decompressRatio, decompressPass ? "ok" : "MISSED"))
        return sizePass && compressPass && decompressPass
    }

    /// Inflates every message the way a receiving connection does; returns them when `keep`.
    func inflateAll(_ compressed: [[UInt8]], keep: Bool = true) -> [[UInt8]]? {
        var inflater = Inflater(windowBits: 15)
        var output: [UInt8] = []
        var result: [[UInt8]] = []
        for payload in compressed {
            if !contextTakeover { inflater.reset() }
            output.removeAll(keepingCapacity: true)
            do {
                try payload.withUnsafeBytes { try inflater.inflate($0, into: &output) }
                try inflater.finishMessage(into: &output)
            } catch {
                return nil
            }
            if keep { result.append(output) }
        }
        return result
    }

    /// The shortest of `repetitions` timings of `body`, in seconds.
    func best(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var fastest = Double.infinity
        for _ in 0..<repetitions {
            let elapsed = clock.measure(body)
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return fastest
    }
}

/// The codec memory of one connection, from the codecs' own accounting, for every window size, and what freeing
/// the codecs between messages (`releasesMemoryBetweenMessages`) costs per message.
func printMemoryPerConnection(level: DeflateLevel) {
    print("memory per connection: bytes the codecs allocate (plus about 400 bytes of objects), same window both ways")
    print("  held while open with context takeover (or without it, by default); 0 while idle without context takeover")
    print("  and releasesMemoryBetweenMessages, when the total is needed only while a message is (de)compressed")
    print("  window  deflater  inflater     total")
    for bits in 8...15 {
        let settings = PerMessageDeflateSettings(serverMaxWindowBits: bits, clientMaxWindowBits: bits)
        let (deflater, inflater) = PerMessageDeflate.memoryPerConnection(settings: settings, role: .server, level: level)
        print(String(format: "  %6d  %8d  %8d  %8d", bits, deflater, inflater, deflater + inflater))
    }
    let message = Array(repeating: Array("{\"type\":\"tick\",\"price\":12.5,\"qty\":3},".utf8), count: 8).flatMap { $0 }
    let rounds = 2_000
    let clock = ContinuousClock()
    var sink = 0
    let kept = clock.measure {
        var deflater = Deflater(level: level, windowBits: 15)
        var inflater = Inflater(windowBits: 15)
        for _ in 0..<rounds {
            let payload = deflater.compressMessage(message)
            sink &+= (try? inflater.inflateMessage(payload))?.count ?? 0
            deflater.reset()
            inflater.reset()
        }
    }
    let released = clock.measure {
        for _ in 0..<rounds {
            var deflater = Deflater(level: level, windowBits: 15)
            var inflater = Inflater(windowBits: 15)
            let payload = deflater.compressMessage(message)
            sink &+= (try? inflater.inflateMessage(payload))?.count ?? 0
        }
    }
    func micros(_ duration: Duration) -> Double {
        (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) * 1e-12) / Double(rounds)
    }
    print(String(format: "  a %d-byte message without context takeover, compressed and decompressed, window 15: %.1f us with the codecs kept, %.1f us allocating them per message (checksum %d)",
                 message.count, micros(kept), micros(released), sink))
}
