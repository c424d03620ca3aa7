import RESP
import Testing

/// Seeded properties of the parser and encoder: `Xorshift64Star(seed:iteration:)` makes every iteration replayable.
@Suite struct RESPPropertyTests {
    static let seeds: [UInt64] = [1, 42, 20_261_121]

    @Test("RESP-ROUNDTRIP: random values encode, then parse back equal in random chunks", arguments: seeds)
    func roundTrip(seed: UInt64) throws {
        for iteration in 0..<400 {
            var random = Xorshift64Star(seed: seed, iteration: iteration)
            let values = (0..<Int(1 + random.next() % 4)).map { _ in RESPGenerator.value(&random) }
            var wire: [UInt8] = []
            for value in values { RESPEncoder.encode(value, into: &wire) }
            var parser = RESPParser()
            var parsed: [RESPValue] = []
            for chunk in RESPGenerator.chunks(wire, &random) {
                parsed += try parser.parse(chunk)
            }
            #expect(parsed == values, "seed \(seed) iteration \(iteration): \(wire.hex)")
            #expect(!parser.hasPartialValue)
        }
    }

    @Test("RESP-PARSE-TOTAL, RESP-PARSE-CHUNKING: random and mutated bytes give values or a typed error, the same in any chunking", arguments: seeds)
    func total(seed: UInt64) throws {
        for iteration in 0..<1500 {
            var random = Xorshift64Star(seed: seed, iteration: iteration)
            var bytes: [UInt8]
            if random.next() % 2 == 0 {
                bytes = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = RESPEncoder.encode(RESPGenerator.value(&random))
                for _ in 0..<(1 + random.next() % 3) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                }
            }
            let limits = RESPParserLimits(
                maximumBulkLength: 64, maximumElementCount: 8, maximumDepth: 4, maximumLineLength: 32,
                maximumReplyBytes: 256)
            let whole = Self.outcome([bytes], limits)
            let chunked = Self.outcome(RESPGenerator.chunks(bytes, &random), limits)
            #expect(whole.values == chunked.values, "seed \(seed) iteration \(iteration): \(bytes.hex)")
            #expect(whole.error == chunked.error, "seed \(seed) iteration \(iteration): \(bytes.hex)")
        }
    }

    static func outcome(_ chunks: [[UInt8]], _ limits: RESPParserLimits) -> (values: [String], error: RESPError?) {
        var parser = RESPParser(limits: limits)
        var values: [String] = []
        do {
            for chunk in chunks {
                parser.append(chunk)
                while let value = try parser.next() { values.append(RESPNotation.text(value)) }
            }
        } catch {
            return (values, error)
        }
        return (values, nil)
    }
}
