import Testing
import WebSocketProperties

@Suite("Generators")
struct GeneratorTests {
    @Test("WS-PROP-RNG-DETERMINISTIC: xorshift64* gives the reference outputs")
    func referenceOutputs() {
        // Computed independently from Vigna's definition: x ^= x >> 12; x ^= x << 25; x ^= x >> 27; x * 0x2545F4914F6CDD1D.
        var g = Xorshift64Star(seed: 1)
        #expect([g.next(), g.next(), g.next()] == [0x47E4_CE4B_896C_DD1D, 0xABCF_A6A8_E079_651D, 0xB9D1_0D8F_EB73_1F57])
    }

    @Test("WS-PROP-RNG-DETERMINISTIC: a zero seed maps to a fixed non-zero state")
    func zeroSeed() {
        var zero = Xorshift64Star(seed: 0)
        var golden = Xorshift64Star(seed: Xorshift64Star.zeroSeedState)
        #expect(zero.state == Xorshift64Star.zeroSeedState)
        #expect([zero.next(), zero.next()] == [0x0D83_B3E2_9A21_487A, 0x54C4_4C79_F1FE_9D67])
        _ = golden.next()
        _ = golden.next()
        #expect(zero.next() == golden.next())
    }

    @Test("WS-PROP-RNG-DETERMINISTIC: per-iteration generators are reproducible and distinct")
    func derivedGenerators() {
        var a = Xorshift64Star(seed: 42, iteration: 7)
        var b = Xorshift64Star(seed: 42, iteration: 7)
        #expect(a.next() == b.next())
        let firsts = Set((0..<1_000).map { i -> UInt64 in var g = Xorshift64Star(seed: 42, iteration: i); return g.next() })
        #expect(firsts.count == 1_000)
        var other = Xorshift64Star(seed: 43, iteration: 7)
        var same = Xorshift64Star(seed: 42, iteration: 7)
        #expect(other.next() != same.next())
    }

    @Test("WS-PROP-RNG-DETERMINISTIC: range helpers stay in range and reach both ends")
    func rangeHelpers() {
        var g = Xorshift64Star(seed: 9)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let v = g.int(in: -3...3)
            #expect((-3...3).contains(v))
            seen.insert(v)
            #expect(g.below(5) < 5)
            #expect((10..<12).contains(g.int(in: 10..<12)))
        }
        #expect(seen.count == 7)
        #expect(g.int(in: Int.min...Int.max) != g.int(in: Int.min...Int.max))
        #expect(g.bytes(count: 13).count == 13)
    }

    @Test("WS-PROP-CHUNKING: every chunking concatenates back to its input")
    func chunkingsConcatenate() {
        var g = Xorshift64Star(seed: 5)
        for _ in 0..<200 {
            let bytes = g.bytes(count: g.int(in: 0...300))
            for chunking in Chunking.allCases {
                let chunks = Generate.chunks(of: bytes, chunking, using: &g)
                #expect(chunks.flatMap { $0 } == bytes)
                if chunking == .singleBytes { #expect(chunks.allSatisfy { $0.count == 1 }) }
                if chunking == .whole { #expect(chunks.count == 1) }
            }
        }
    }

    @Test("RFC6455-5.2-LENGTH-CLASSES: the length generators visit every class and boundary")
    func lengthCoverage() {
        var g = Xorshift64Star(seed: 11)
        var lengths = Set<Int>()
        var headerLengths = Set<UInt64>()
        for _ in 0..<3_000 {
            let n = Generate.payloadLength(maximum: 70_000, using: &g)
            #expect((0...70_000).contains(n))
            lengths.insert(n)
            let h = Generate.headerLength(using: &g)
            #expect(h <= UInt64(Int64.max))
            headerLengths.insert(h)
        }
        for boundary in Generate.lengthBoundaries { #expect(lengths.contains(Int(boundary))) }
        #expect(headerLengths.contains(UInt64(Int64.max)))
        #expect(headerLengths.contains { $0 > 0xFFFF_FFFF && $0 < UInt64(Int64.max) })
    }

    @Test("WS-PROP-FRAME-ROUNDTRIP: generated valid frames follow the framing rules of their role")
    func validFrames() {
        var g = Xorshift64Star(seed: 13)
        var opcodes = Set<Opcode>()
        for _ in 0..<500 {
            let role: Role = g.bool() ? .client : .server
            let frame = Generate.validFrame(sentBy: role, reservedBits: [.rsv1], maximumPayload: 200, using: &g)
            opcodes.insert(frame.header.opcode)
            #expect(frame.header.isMasked == (role == .client))
            #expect(!frame.header.opcode.isReserved)
            #expect(frame.header.payloadLength == UInt64(frame.payload.count))
            if frame.header.opcode.isControl {
                #expect(frame.header.fin && frame.payload.count <= 125 && frame.header.reservedBits.isEmpty)
            }
            #expect(ReservedBits.rsv1.isSuperset(of: frame.header.reservedBits))
        }
        #expect(opcodes == Set(Generate.definedOpcodes))
    }

    @Test("WS-PROP-UTF8-STDLIB: the UTF-8 generator yields valid text and, sometimes, invalid text")
    func utf8Generator() {
        var g = Xorshift64Star(seed: 17)
        var valid = 0, invalid = 0
        for _ in 0..<1_000 {
            let good = Generate.validUTF8(maximumScalars: 20, using: &g)
            #expect(String(validating: good, as: UTF8.self) != nil)
            let candidate = Generate.mostlyValidUTF8(maximumScalars: 20, using: &g)
            if String(validating: candidate, as: UTF8.self) == nil { invalid += 1 } else { valid += 1 }
            #expect(String(validating: Generate.invalidUTF8Piece(using: &g) + [0x41], as: UTF8.self) == nil)
        }
        #expect(valid > 500 && invalid > 150)
    }
}
