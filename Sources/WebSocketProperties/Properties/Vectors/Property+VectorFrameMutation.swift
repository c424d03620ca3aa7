// Single-bit mutations of the RFC 6455 §5.7 example frames: the decoder does exactly what `FrameOracle` predicts
// from the mutated bytes (the frames, or the named violation), and what it decodes re-encodes to those bytes.

extension Property {
    /// `WS-PROP-VECTOR-FRAME-MUTATION`.
    public static func vectorFrameBitFlip(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-frames-bit-flip",
            description: "a single-bit mutation of RFC 6455 §5.7 example frames, cut into random reads, decodes to frames that re-encode to exactly the mutated bytes, or fails with the violation FrameOracle predicts from the mutated header",
            defaultIterations: 200
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let mutation = FrameMutation.random(try vectors.frames.required("RFC 6455 frame"), using: &g)
            let expected = mutation.oracle.predict(mutation.wire)
            let chunks = Generate.boundedChunks(of: mutation.wire, using: &g)
            let trace = try DecoderTrace.run(chunks, decoder: mutation.oracle.decoder)
            let got = trace.error.map { "\($0.name) (\($0))" } ?? "no violation"
            let want = expected.violation.map { "\($0.name) (\($0))" } ?? "no violation"
            try require(trace.error == expected.violation, "\(mutation): \(got), expected \(want)")
            try require(
                trace.frames == expected.frames,
                "\(mutation): decoded \(trace.frames.map(\.header)), expected \(expected.frames.map(\.header))")
            try requireEqual(trace.endsAtFrameBoundary, expected.endsAtFrameBoundary, "\(mutation): ends at a frame boundary")
            for (index, frame) in trace.frames.enumerated() where expected.minimalLength[index] {
                let span = expected.spans[index]
                try require(
                    frame.encoded[...] == mutation.wire[span],
                    "\(mutation): frame \(index) re-encodes differently from bytes \(span) of the mutated stream")
            }
        }
    }
}
