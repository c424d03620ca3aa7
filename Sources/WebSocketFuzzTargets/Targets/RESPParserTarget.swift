import RESP

/// `RESPParser` on arbitrary bytes (a hostile Redis server's replies).
///
/// Configuration: byte 0 selects the chunking (bits 0–2) and tight or default limits (bit 3).
/// Invariants: the parser returns values or a typed `RESPError`, never traps; chunked input gives the same values and
/// error as whole input; a failed parser throws the same error again; the bytes it buffers never pass
/// `maximumReplyBytes`; every value parsed re-encodes to bytes that parse back to an equal value (NaN doubles aside).
enum RESPParserTarget {
    static let tight = RESPParserLimits(
        maximumBulkLength: 64, maximumElementCount: 16, maximumDepth: 4, maximumLineLength: 32, maximumReplyBytes: 512)

    struct Outcome: Equatable {
        var values: [[UInt8]] = []
        var error: RESPError?
    }

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte()
        let limits = c0 & 8 != 0 ? tight : RESPParserLimits()
        let bytes = input.rest()
        let whole = try parse([bytes], limits: limits)
        let chunk = Chunking.sizes[Int(c0 & 7)]
        let chunked = try parse(Chunking.pieces(of: bytes, size: chunk == 0 ? 1 : chunk), limits: limits)
        try require(whole == chunked, "chunked input (\(chunk)) parses differently: \(chunked.values.count) values, \(String(describing: chunked.error)) vs \(whole.values.count), \(String(describing: whole.error))")
    }

    /// Values as their re-encoded bytes (so NaN compares equal to itself).
    static func parse(_ pieces: [[UInt8]], limits: RESPParserLimits) throws(FuzzFailure) -> Outcome {
        var parser = RESPParser(limits: limits)
        var values: [RESPValue] = []
        var error: RESPError?
        var overBuffered = 0
        do throws(RESPError) {
            for piece in pieces {
                parser.append(piece)
                while let value = try parser.next() { values.append(value) }
                if parser.bufferedByteCount > limits.maximumReplyBytes { overBuffered = parser.bufferedByteCount }
            }
        } catch let failure {
            error = failure
        }
        try require(overBuffered == 0, "buffered \(overBuffered) bytes past the reply limit \(limits.maximumReplyBytes)")
        if let error {
            let again = Result { () throws(RESPError) in try parser.next() }
            guard case .failure(let repeated) = again, repeated == error else {
                throw FuzzFailure("a failed parser did not throw \(error) again")
            }
        }
        var outcome = Outcome(error: error)
        for value in values {
            let encoded = RESPEncoder.encode(value)
            var again = RESPParser()
            let reparsed = Result { () throws(RESPError) in try again.parse(encoded) }
            guard case .success(let parsed) = reparsed, parsed.count == 1, RESPEncoder.encode(parsed[0]) == encoded else {
                throw FuzzFailure("\(value) does not parse back from its encoding: \(reparsed)")
            }
            outcome.values.append(encoded)
        }
        return outcome
    }
}
