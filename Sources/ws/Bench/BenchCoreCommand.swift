import Foundation
import WebSocketCore
import WebSocketIO
import WebSocketProperties

/// `ws bench core [--repetitions N] [--only NAME]`: measures the protocol core in one run and prints throughputs, each the best
/// of N repetitions on the monotonic clock, with ratios against plain-copy baselines where they make sense.
/// Meaningful only in a release build: `swift run -c release ws bench core`.
func runBenchCore(_ arguments: [String]) -> Int32 {
    let groups: [(name: String, run: (inout CoreBenchmarks) -> Void)] = [
        ("masking", { $0.masking() }), ("decoding", { $0.decoding() }), ("encoding", { $0.encoding() }),
        ("handshake", { $0.handshake() }), ("utf8", { $0.utf8() }), ("reassembly", { $0.reassembly() }), ("session", { $0.session() }),
    ]
    let usage = "usage: ws bench core [--repetitions N] [--only \(groups.map(\.name).joined(separator: "|"))]"
    let repetitions: Int
    let only: String?
    do {
        let parsed = try CommandLineArguments(arguments, valueOptions: ["repetitions", "only"], flagOptions: ["help"])
        if parsed.flag("help") {
            print(usage)
            return 0
        }
        repetitions = max(1, try parsed.int("repetitions") ?? 5)
        only = parsed.value("only")
        if let only, !groups.contains(where: { $0.name == only }) {
            throw CommandLineArguments.ParseError(description: "no benchmark group named \(only)")
        }
    } catch {
        printError("ws bench core: \(error)\n\(usage)")
        return 2
    }
    #if DEBUG
    printError("warning: debug build; run `swift run -c release ws bench core` for meaningful numbers")
    #endif
    var bench = CoreBenchmarks(repetitions: repetitions)
    print("ws bench core: best of \(repetitions) repetitions")
    for group in groups where only == nil || group.name == only { group.run(&bench) }
    print("(checksum \(bench.sink))")
    return 0
}

/// The benchmarks of `ws bench core`; `sink` accumulates results so the optimiser cannot drop the work.
struct CoreBenchmarks {
    let repetitions: Int
    var sink: UInt64 = 0
    var generator = Xorshift64Star(seed: 6455)
    private var copyRate = 0.0  // bytes per second of a plain 1 MiB copy: the baseline of masking and UTF-8

    init(repetitions: Int) {
        self.repetitions = repetitions
    }

    /// An open server connection with the default configuration (which `Limits.validate()` always accepts).
    static func serverConnection(_ configuration: ConnectionConfiguration = .init()) -> Connection<Open> {
        do {
            return try Connection<Open>.established(role: .server, configuration: configuration)
        } catch {
            fatalError("ws bench core: the benchmark's configuration was refused: \(error)")
        }
    }

    /// The shortest time, in seconds, of `repetitions` runs of `body`.
    func best(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var fastest = Double.infinity
        for _ in 0..<repetitions {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            fastest = min(fastest, seconds)
        }
        return fastest
    }

    /// Prints one result line: label, value, unit and an optional note.
    func report(_ label: String, _ value: Double, _ unit: String, _ note: String = "") {
        let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
        let number = value >= 100 ? String(format: "%12.0f", value) : String(format: "%12.2f", value)
        print("  \(padded)\(number) \(unit.padding(toLength: 12, withPad: " ", startingAt: 0))\(note)")
    }

    private static let mebibyte = 1 << 20

    // MARK: Masking

    /// Unmasking 1 MiB in place and copy-and-unmask, against a plain copy of the same buffer.
    mutating func masking() {
        print("masking, 1 MiB buffer (cache-resident)")
        let size = Self.mebibyte
        let rounds = 200
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        let destination = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { source.deallocate(); destination.deallocate() }
        let random = generator.bytes(count: size)
        random.withUnsafeBytes { source.copyMemory(from: $0) }
        let key = MaskingKey.random(using: &generator)
        var local: UInt64 = 0
        let copyTime = best {
            for _ in 0..<rounds {
                destination.copyMemory(from: UnsafeRawBufferPointer(source))
                local &+= UInt64(destination[size - 1])
            }
        } / Double(rounds)
        copyRate = Double(size) / copyTime
        report("copy (memcpy baseline)", copyRate / 1e9, "GB/s")
        let unmaskTime = best {
            for _ in 0..<rounds {
                local &+= UInt64(key.apply(to: source))
            }
        } / Double(rounds)
        report("unmask in place", Double(size) / unmaskTime / 1e9, "GB/s", ratio(copyTime / unmaskTime, "copy"))
        let copyUnmaskTime = best {
            for _ in 0..<rounds {
                local &+= UInt64(key.apply(from: UnsafeRawBufferPointer(source), to: destination))
                local &+= UInt64(destination[size - 1])
            }
        } / Double(rounds)
        report("copy-and-unmask", Double(size) / copyUnmaskTime / 1e9, "GB/s", ratio(copyTime / copyUnmaskTime, "copy"))
        sink &+= local
    }

    // MARK: Decoding

    /// 64-byte masked frames back to back in 64 MiB, through the bare decoder and through a server connection.
    mutating func decoding() {
        let payloadSize = 64
        let frameSize = payloadSize + 6
        let frameCount = (64 * Self.mebibyte) / frameSize
        print("decoding \(frameCount) masked \(payloadSize)-byte frames (\((frameCount * frameSize) >> 20) MiB, one buffer)")
        var wire = [UInt8]()
        wire.reserveCapacity(frameCount * frameSize)
        let payload = generator.bytes(count: payloadSize)
        for _ in 0..<frameCount {
            let key = MaskingKey.random(using: &generator)
            wire += Frame(opcode: .binary, maskingKey: key, payload: payload).encoded
        }
        var local: UInt64 = 0
        let decoderTime = wire.withUnsafeBytes { all in
            best {
                var decoder = FrameDecoder(role: .server)
                var reused = [UInt8](repeating: 0, count: payloadSize)
                var input = all
                var key: MaskingKey?
                var frames = 0
                reused.withUnsafeMutableBytes { target in
                    while let output = try? decoder.next(from: &input) {
                        switch output {
                        case .frameStart(let header):
                            key = header.maskingKey
                        case .payload(let slice, let offset):
                            let start = Int(offset)
                            let destination = UnsafeMutableRawBufferPointer(rebasing: target[start..<(start + slice.count)])
                            _ = key!.apply(from: slice, to: destination, phase: start & 3)
                        case .frameEnd:
                            frames += 1
                        }
                    }
                    local &+= UInt64(target[0]) &+ UInt64(frames)
                }
            }
        }
        let decoderRate = Double(frameCount) / decoderTime
        report("FrameDecoder, unmask into reused buffer", decoderRate / 1e6, "M frames/s",
               String(format: "%.2f GB/s of wire", Double(wire.count) / decoderTime / 1e9))
        let readSize = 64 << 10
        let connectionTime = wire.withUnsafeBytes { all in
            best {
                var connection = CoreBenchmarks.serverConnection()
                var events: [ConnectionEvent] = []
                events.reserveCapacity(readSize / frameSize + 1)
                var offset = 0
                var messages = 0
                while offset < all.count {
                    let end = min(offset + readSize, all.count)
                    let result = connection.receive(UnsafeRawBufferPointer(rebasing: all[offset..<end]), into: &events)
                    offset = end
                    messages += events.count
                    events.removeAll(keepingCapacity: true)
                    switch consume result {
                    case .open(let next): connection = next
                    case .closed: return
                    }
                }
                local &+= UInt64(messages) &+ UInt64(connection.outboundByteCount)
            }
        }
        let connectionRate = Double(frameCount) / connectionTime
        report("Connection<Open> server, 64 KiB reads", connectionRate / 1e6, "M msgs/s",
               ratio(connectionRate / decoderRate, "decoder"))
        sink &+= local
    }

    // MARK: Encoding

    /// 64-byte frames into `OutboundBytes`, as a connection queues them: server unmasked, client masked.
    mutating func encoding() {
        let payloadSize = 64
        let frameCount = 1_000_000
        let batch = 1_024
        print("encoding \(frameCount) \(payloadSize)-byte frames into OutboundBytes (drained every \(batch))")
        let payload = generator.bytes(count: payloadSize)
        var local: UInt64 = 0
        func run(_ makeKey: () -> MaskingKey?) -> Double {
            payload.withUnsafeBytes { bytes in
                best {
                    var outbound = OutboundBytes()
                    for index in 0..<frameCount {
                        let header = FrameHeader(opcode: .binary, maskingKey: makeKey(), payloadLength: UInt64(payloadSize))
                        outbound.appendFrame(header, payload: bytes)
                        if index % batch == batch - 1 {
                            local &+= UInt64(outbound.takeChunks().count)
                        }
                    }
                    local &+= UInt64(outbound.count)
                }
            }
        }
        let serverTime = run { nil }
        let serverRate = Double(frameCount) / serverTime
        report("server (unmasked)", serverRate / 1e6, "M frames/s")
        let fixedKey = MaskingKey.random(using: &generator)
        let fixedTime = run { fixedKey }
        report("client (masked, one key)", Double(frameCount) / fixedTime / 1e6, "M frames/s",
               ratio(serverTime / fixedTime, "server"))
        var keys = SystemMaskingKeySource()
        let systemTime = run { keys.nextKey() }
        report("client (masked, fresh CSPRNG key per frame)", Double(frameCount) / systemTime / 1e6, "M frames/s",
               ratio(serverTime / systemTime, "server"))
        var batched = BatchedMaskingKeySource()
        let batchedTime = run { batched.nextKey() }
        report("client (masked, keys from CSPRNG in batches)", Double(frameCount) / batchedTime / 1e6, "M frames/s",
               ratio(serverTime / batchedTime, "server"))
        sink &+= local
    }

    // MARK: Handshake

    /// SHA-1 throughput on 1 MiB and on 60-byte inputs (a key plus the GUID), and accept values per second.
    mutating func handshake() {
        print("handshake")
        var local: UInt64 = 0
        let large = generator.bytes(count: Self.mebibyte)
        let largeRounds = 20
        let largeTime = large.withUnsafeBytes { bytes in
            best {
                for _ in 0..<largeRounds { local &+= UInt64(SHA1.hash(bytes)[0]) }
            }
        } / Double(largeRounds)
        report("SHA-1, 1 MiB input", Double(large.count) / largeTime / 1e6, "MB/s")
        let small = generator.bytes(count: 60)
        let smallRounds = 200_000
        let smallTime = small.withUnsafeBytes { bytes in
            best {
                for _ in 0..<smallRounds { local &+= UInt64(SHA1.hash(bytes)[0]) }
            }
        } / Double(smallRounds)
        report("SHA-1, 60-byte inputs", Double(small.count) / smallTime / 1e6, "MB/s",
               String(format: "%.2f M hashes/s", 1 / smallTime / 1e6))
        let keys = (0..<1_024).map { _ in Base64.encode(generator.bytes(count: 16)) }
        let acceptRounds = 100_000
        let acceptTime = best {
            for index in 0..<acceptRounds {
                local &+= UInt64(ServerHandshake.acceptValue(forKey: keys[index & 1_023]).utf8.count)
            }
        } / Double(acceptRounds)
        report("Sec-WebSocket-Accept computations", 1 / acceptTime / 1e6, "M/s",
               ratio(smallTime / acceptTime, "bare 60-byte SHA-1"))
        sink &+= local
    }

    // MARK: UTF-8

    /// Validating 1 MiB of ASCII and of mixed 1–4-byte UTF-8, against the plain copy.
    mutating func utf8() {
        print("UTF-8 validation, 1 MiB")
        let ascii = (0..<Self.mebibyte).map { _ in UInt8(generator.below(0x5F) + 0x20) }
        var mixed: [UInt8] = []
        mixed.reserveCapacity(Self.mebibyte + 4)
        while mixed.count < Self.mebibyte {
            UTF8.encode(Generate.scalar(using: &generator)) { mixed.append($0) }
        }
        var local: UInt64 = 0
        for (label, text) in [("ASCII", ascii), ("mixed 1-4 byte", mixed)] {
            let rounds = 100
            let time = text.withUnsafeBytes { bytes in
                best {
                    for _ in 0..<rounds {
                        var validator = UTF8Validator()
                        local &+= validator.consume(bytes) && validator.finish() ? 1 : 0
                    }
                }
            } / Double(rounds)
            let rate = Double(text.count) / time
            report(label, rate / 1e9, "GB/s", ratio(rate / copyRate, "copy"))
        }
        sink &+= local
    }

    private func ratio(_ value: Double, _ baseline: String) -> String {
        String(format: "%.2fx %@", value, baseline)
    }
}
