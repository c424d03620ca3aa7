import PackageTestSupport
import Testing
import WebSocketCore

/// Streamed delivery against whole delivery on the same inputs: the same messages (chunks concatenated), the same
/// violation and close code, in any read size.
@Suite struct StreamingEquivalenceTests {
    /// A small deterministic generator (xorshift64*).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// A stream of client frames: messages of random kinds and fragmentations, sometimes with a ping between
    /// fragments, and for some seeds a defect (invalid UTF-8, an unexpected continuation, a new message mid-way).
    static func stream(seed: UInt64) -> [UInt8] {
        var random = Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        let alphabet = Array("aé€😀 ".utf8)
        var stream: [UInt8] = []
        for _ in 0..<(1 + random.below(5)) {
            let isText = random.below(2) == 0
            let count = random.below(3000)
            var payload: [UInt8] = []
            while payload.count < count {
                if isText {
                    let scalar = ["a", "é", "€", "😀", " "][random.below(5)]
                    payload += Array(scalar.utf8)
                } else {
                    payload.append(alphabet[random.below(alphabet.count)] &+ UInt8(random.below(7)))
                }
            }
            var start = 0
            var first = true
            repeat {
                let end = min(payload.count, start + 1 + random.below(700))
                stream += clientFrame(first ? (isText ? .text : .binary) : .continuation, Array(payload[start..<end]), fin: end == payload.count)
                if random.below(6) == 0 && end < payload.count { stream += clientFrame(.ping, [UInt8(random.below(256))]) }
                first = false
                start = end
            } while start < payload.count
        }
        switch seed % 7 {
        case 1: stream += clientFrame(.text, [0x61, 0xED, 0xA0, 0x80], fin: false)  // A surrogate: invalid.
        case 2: stream += clientFrame(.continuation, [1])
        case 3: stream += clientFrame(.binary, [1], fin: false) + clientFrame(.text, [0x61])
        case 4: stream += clientFrame(.binary, [UInt8](repeating: 1, count: 5000))  // Over the 4,000-byte limit.
        default: break
        }
        return stream
    }

    static func messages(_ result: DriveResult) -> [Message] {
        var messages: [Message] = []
        var current: Message?
        for event in result.events {
            switch event {
            case .message(let message): messages.append(message)
            case .messageChunk(let chunk):
                if current == nil { current = Message(kind: chunk.kind, bytes: []) }
                current!.bytes += chunk.bytes
                if chunk.isFinal {
                    messages.append(current!)
                    current = nil
                }
            default: break
            }
        }
        return messages
    }

    @Test("WS-STREAM-CHUNKS, WS-STREAM-LIMIT, WS-STREAM-UTF8: streamed and whole delivery agree on messages, violations and close codes for 200 random inputs in any read size")
    func equivalence() async throws {
        try await offCooperativePool { () throws in
            var limits = Limits()
            limits.maximumMessageSize = 4000
            var whole = ConnectionConfiguration(limits: limits)
            whole.messageDelivery = .whole
            var streamed = ConnectionConfiguration(limits: limits)
            streamed.messageDelivery = .streamed(maximumChunkSize: 16)
            var failures: Set<ProtocolViolation> = []
            for seed in UInt64(1)...200 {
                let stream = Self.stream(seed: seed)
                let reference = try drive(.server, [stream], configuration: whole)
                if let failure = reference.failure { failures.insert(failure) }
                for readSize in [1, 13, 256, stream.count] {
                    let result = try drive(.server, chunked(stream, by: readSize), configuration: streamed)
                    #expect(Self.messages(result) == Self.messages(reference), "seed \(seed), reads of \(readSize)")
                    #expect(result.failure == reference.failure, "seed \(seed), reads of \(readSize)")
                    #expect(result.closeCode == reference.closeCode, "seed \(seed), reads of \(readSize)")
                    #expect(result.outbound == reference.outbound, "seed \(seed): pongs and close frames")
                    for case .messageChunk(let chunk) in result.events where chunk.kind == .text {
                        #expect(String(validating: chunk.bytes, as: UTF8.self) != nil)
                    }
                }
            }
            // The defects were met: every kind of violation the inputs carry.
            #expect(failures == [.invalidUTF8, .unexpectedContinuation, .expectedContinuation, .messageTooLarge(limit: 4000)])
        }
    }
}
