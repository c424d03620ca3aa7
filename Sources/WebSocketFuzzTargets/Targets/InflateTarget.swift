import WebSocketDeflate

/// `Inflater` on arbitrary compressed bytes, as one permessage-deflate message.
///
/// Configuration: byte 0 selects the window (bits 0–2: 8–15), the chunking (bits 5–7); byte 1 the output cap.
/// Invariants: the output never passes the cap, after any call; chunked input gives the same output and error as
/// whole input (after an error too: the output is everything decoded before it); a failed inflater throws the same error again; the cap is exact: a message that decodes to `n`
/// bytes decodes with cap `n` and fails `.outputLimitExceeded` with cap `n - 1`.
enum InflateTarget {
    static let caps = [0, 1, 16, 100, 1_000, 4_096, 65_536, 1 << 20]

    struct Outcome: Equatable {
        var output: [UInt8] = []
        var error: InflateError?
    }

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte(), c1 = input.byte()
        let windowBits = 8 + Int(c0 & 7)
        let cap = caps[Int(c1 & 7)]
        let bytes = input.rest()
        let whole = try inflate([bytes], windowBits: windowBits, cap: cap)
        let chunk = Chunking.sizes[Int(c0 >> 5)]
        let chunked = try inflate(Chunking.pieces(of: bytes, size: chunk == 0 ? 3 : chunk), windowBits: windowBits, cap: cap)
        try require(whole == chunked, "chunked input (\(chunk)) inflates differently: \(chunked.output.count) bytes, \(String(describing: chunked.error)) vs \(whole.output.count), \(String(describing: whole.error))")
        if whole.error == nil {
            let n = whole.output.count
            let exact = try inflate([bytes], windowBits: windowBits, cap: n)
            try require(exact == whole, "a message of \(n) bytes does not inflate with cap \(n)")
            if n > 0 {
                let under = try inflate([bytes], windowBits: windowBits, cap: n - 1)
                try require(under.error == .outputLimitExceeded(limit: n - 1), "a message of \(n) bytes inflated under cap \(n - 1): \(String(describing: under.error))")
            }
        }
    }

    static func inflate(_ pieces: [[UInt8]], windowBits: Int, cap: Int) throws(FuzzFailure) -> Outcome {
        var inflater = Inflater(windowBits: windowBits)
        var outcome = Outcome()
        do throws(InflateError) {
            for piece in pieces {
                try inflater.inflate(piece, into: &outcome.output, limit: cap)
            }
            try inflater.finishMessage(into: &outcome.output, limit: cap)
        } catch {
            outcome.error = error
        }
        try require(outcome.output.count <= cap, "output of \(outcome.output.count) bytes passed the cap \(cap)")
        if let error = outcome.error {
            var more: [UInt8] = []
            let again = Result { () throws(InflateError) in try inflater.inflate([0x00], into: &more, limit: cap) }
            guard case .failure(let repeated) = again, repeated == error, more.isEmpty else {
                throw FuzzFailure("a failed inflater did not throw \(error) again")
            }
        }
        return outcome
    }
}
