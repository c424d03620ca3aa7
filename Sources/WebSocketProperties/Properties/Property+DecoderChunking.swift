// The decoder's output does not depend on how its input is cut into reads.

extension Property {
    /// `WS-PROP-CHUNKING` (decoder).
    public static let decoderChunkingIndependent = Property(
        name: "decoder-chunking-independent",
        description: "the frames, the error and the end state of the decoder are the same for the whole input and any chunking of it",
        defaultIterations: 1500
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let decoder = randomDecoder(using: &g)
        let input = decoderInput(for: decoder, using: &g)
        let whole = try DecoderTrace.run([input], decoder: decoder)
        let chunking = Generate.chunking(using: &g)
        let chunked = try DecoderTrace.run(Generate.chunks(of: input, chunking, using: &g), decoder: decoder)
        try require(chunked == whole, "\(input.count) bytes cut \(chunking): \(chunked) but whole: \(whole)")
        if whole.error == nil {
            // Frame.decodeAll, the convenience entry point, agrees with the streaming trace.
            var copy = decoder
            var partial: Frame?
            let frames = try? input.withUnsafeBytes { raw throws(ProtocolViolation) in
                try Frame.decodeAll(raw, with: &copy, partial: &partial)
            }
            try require(frames == whole.frames, "Frame.decodeAll disagrees with the streaming decoder")
        }
    }
}
