// Properties of masking (RFC 6455 §5.3): involution, agreement with the byte-wise definition, chunking and copying.

extension Property {
    /// The byte-wise definition of masking: byte i is XORed with key byte (phase + i) mod 4.
    static func referenceMask(_ data: [UInt8], _ key: MaskingKey, phase: Int) -> [UInt8] {
        data.enumerated().map { i, b in b ^ key[phase + i] }
    }

    /// A payload for masking checks: usually short, sometimes a few KiB so that the vector loop runs.
    static func maskingPayload(using g: inout Xorshift64Star) -> [UInt8] {
        g.bytes(count: g.oneIn(5) ? g.int(in: 0...5_000) : g.int(in: 0...200))
    }

    /// `WS-PROP-MASK-INVOLUTION`.
    public static let maskingInvolution = Property(
        name: "masking-involution",
        description: "applying a masking key twice from the same phase restores the data",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let data = maskingPayload(using: &g)
        let key = Generate.maskingKey(using: &g)
        let phase = g.int(in: 0...3)
        var bytes = data
        let first = key.apply(to: &bytes, phase: phase)
        let second = key.apply(to: &bytes, phase: phase)
        try require(bytes == data, "masking twice changed \(data.count) bytes (key \(key.bytes), phase \(phase))")
        try requireEqual(first, second, "phase returned by the two passes")
    }

    /// `WS-PROP-MASK-DEFINITION`.
    public static let maskingMatchesDefinition = Property(
        name: "masking-matches-definition",
        description: "masking at any phase, offset and length equals the byte-wise XOR of RFC 6455 §5.3 and touches nothing else",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let data = maskingPayload(using: &g)
        let key = Generate.maskingKey(using: &g)
        let phase = g.int(in: 0...3)
        let before = g.int(in: 0...15), after = g.int(in: 0...15)
        let guardByte = g.byte()
        var buffer = [UInt8](repeating: guardByte, count: before) + data + [UInt8](repeating: guardByte, count: after)
        let returned = buffer.withUnsafeMutableBytes { raw in
            key.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[before..<(before + data.count)]), phase: phase)
        }
        try requireEqual(returned, (phase + data.count) % 4, "returned phase for \(data.count) bytes from phase \(phase)")
        try require(
            Array(buffer[before..<(before + data.count)]) == referenceMask(data, key, phase: phase),
            "masked bytes differ from the definition (\(data.count) bytes at offset \(before), phase \(phase))")
        try require(
            buffer[..<before].allSatisfy { $0 == guardByte } && buffer[(before + data.count)...].allSatisfy { $0 == guardByte },
            "masking wrote outside its buffer")
    }

    /// `WS-PROP-MASK-CHUNKING`.
    public static let maskingChunkIndependent = Property(
        name: "masking-chunk-independent",
        description: "masking in chunks, each from the phase the previous one returned, equals masking whole",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let data = maskingPayload(using: &g)
        let key = Generate.maskingKey(using: &g)
        let startPhase = g.int(in: 0...3)
        var whole = data
        let wholePhase = key.apply(to: &whole, phase: startPhase)
        let chunking = Generate.chunking(using: &g)
        var chunked: [UInt8] = []
        var phase = startPhase
        for var chunk in Generate.chunks(of: data, chunking, using: &g) {
            phase = key.apply(to: &chunk, phase: phase)
            chunked += chunk
        }
        try require(chunked == whole, "chunked masking (\(chunking)) differs from whole masking for \(data.count) bytes")
        try requireEqual(phase, wholePhase, "final phase of chunked masking (\(chunking))")
    }

    /// `WS-PROP-MASK-COPY`.
    public static let maskingCopyAgrees = Property(
        name: "masking-copy-agrees",
        description: "copy-and-unmask gives the same bytes and phase as copying then unmasking in place",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let data = maskingPayload(using: &g)
        let key = Generate.maskingKey(using: &g)
        let phase = g.int(in: 0...3)
        var inPlace = data
        let inPlacePhase = key.apply(to: &inPlace, phase: phase)
        var copied = [UInt8](repeating: 0, count: data.count)
        let copiedPhase = data.withUnsafeBytes { source in
            copied.withUnsafeMutableBytes { destination in key.apply(from: source, to: destination, phase: phase) }
        }
        try require(copied == inPlace, "copy-and-unmask differs from unmask in place for \(data.count) bytes, phase \(phase)")
        try requireEqual(copiedPhase, inPlacePhase, "phase returned by copy-and-unmask")
    }
}
