/// What a `FrameDecoder` produced from a chunked input: the complete frames (payload unmasked), the error that
/// stopped it (if any), and whether it ended between frames.
struct DecoderTrace: Equatable, CustomStringConvertible {
    var frames: [Frame] = []
    var error: ProtocolViolation?
    /// `isAtFrameBoundary` at the end (always false after an error).
    var endsAtFrameBoundary = true

    var description: String {
        let summary = frames.map { "\($0.header.opcode)(\($0.payload.count))" }.joined(separator: ",")
        return "frames [\(summary)], error \(error.map(String.init(describing:)) ?? "none"), boundary \(endsAtFrameBoundary)"
    }

    /// Feeds `chunks` to `decoder` one after the other and records what comes out, checking on every step the
    /// decoder's contract (`WS-PROP-DECODER-TOTAL`):
    /// - it returns nil only when the input is exhausted;
    /// - every payload slice is the front of the current input (zero-copy), its offset counts the payload so far;
    /// - outside of a split header it holds no input: at most 13 bytes of an incomplete header are pending;
    /// - a frame it starts obeys the rules it checks (defined opcode, control frames short and final, masking by
    ///   role, reserved bits allowed, length within the limit);
    /// - after an error it throws the same error on every later call and is not at a frame boundary.
    static func run(_ chunks: [[UInt8]], decoder start: FrameDecoder) throws(CounterExample) -> DecoderTrace {
        var decoder = start
        var trace = DecoderTrace()
        let wire = chunks.flatMap { $0 }
        var fedBefore = 0  // bytes of the chunks before the current one
        var accounted = 0  // bytes attributed to headers and payload slices handed out
        var current: Frame?
        for (chunkIndex, chunk) in chunks.enumerated() {
            // Array.withUnsafeBytes rethrows untyped errors: carry the counterexample out in a Result.
            let outcome = try chunk.withUnsafeBytes { raw in
                Result { () throws(CounterExample) -> ProtocolViolation? in
                    var input = raw
                    while true {
                        let before = input
                        let output: FrameDecoder.Output?
                        do throws(ProtocolViolation) {
                            output = try decoder.next(from: &input)
                        } catch {
                            return error
                        }
                        let consumed = fedBefore + (raw.count - input.count)
                        switch output {
                        case nil:
                            try require(input.isEmpty, "decoder returned nil with \(input.count) bytes left in chunk \(chunkIndex)")
                            let pending = consumed - accounted
                            try require(
                                pending >= 0 && pending < FrameHeader.maximumSize,
                                "decoder holds \(pending) unreported bytes after chunk \(chunkIndex) (at most 13 allowed)")
                            try require(
                                decoder.isAtFrameBoundary == (pending == 0 && current == nil),
                                "isAtFrameBoundary is \(decoder.isAtFrameBoundary) with \(pending) pending bytes")
                            return nil
                        case .frameStart(let header)?:
                            try require(current == nil, "frameStart before the previous frame ended")
                            try require(accounted + 1 < wire.count, "frameStart without a second header byte")
                            accounted += headerSize(secondByte: wire[accounted + 1])
                            try checkHeader(header, decoder: decoder)
                            current = Frame(opcode: header.opcode, payload: [])
                            current?.header = header
                        case .payload(let slice, let offset)?:
                            guard var frame = current else { throw CounterExample("payload outside a frame") }
                            try require(
                                slice.baseAddress == before.baseAddress && slice.count <= before.count,
                                "payload slice is not the front of the input (copied or buffered payload)")
                            try requireEqual(offset, UInt64(frame.payload.count), "payload offset")
                            let start = frame.payload.count
                            frame.payload.append(contentsOf: slice)
                            if let key = frame.header.maskingKey {
                                frame.payload.withUnsafeMutableBytes {
                                    _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), phase: Int(offset & 3))
                                }
                            }
                            accounted += slice.count
                            current = frame
                        case .frameEnd?:
                            guard let frame = current else { throw CounterExample("frameEnd outside a frame") }
                            try requireEqual(UInt64(frame.payload.count), frame.header.payloadLength, "payload bytes at frameEnd")
                            trace.frames.append(frame)
                            current = nil
                        }
                        if case .some = output {
                            try requireEqual(consumed, accounted, "bytes consumed vs. bytes reported after an output")
                        }
                    }
                }
            }.get()
            fedBefore += chunk.count
            if let error = outcome {
                trace.error = error
                try checkStaysFailed(decoder, error)
                break
            }
        }
        trace.endsAtFrameBoundary = decoder.isAtFrameBoundary
        return trace
    }

    /// The header size implied by a second header byte: 2, plus 2 or 8 extended length bytes, plus 4 when masked.
    static func headerSize(secondByte b1: UInt8) -> Int {
        let len7 = b1 & 0x7F
        return 2 + (len7 == 126 ? 2 : (len7 == 127 ? 8 : 0)) + (b1 & 0x80 != 0 ? 4 : 0)
    }

    private static func checkHeader(_ header: FrameHeader, decoder: FrameDecoder) throws(CounterExample) {
        try require(!header.opcode.isReserved, "accepted reserved opcode \(header.opcode)")
        if header.opcode.isControl {
            try require(header.fin, "accepted a fragmented control frame")
            try require(header.payloadLength <= 125, "accepted a control frame of \(header.payloadLength) bytes")
        }
        try requireEqual(header.isMasked, decoder.role == .server, "mask bit of a frame received by the \(decoder.role)")
        try require(
            decoder.allowedReservedBits.isSuperset(of: header.reservedBits),
            "accepted reserved bits 0x\(String(header.reservedBits.rawValue, radix: 16))")
        try require(
            header.payloadLength <= UInt64(decoder.maximumFrameSize),
            "accepted length \(header.payloadLength) above the limit \(decoder.maximumFrameSize)")
    }

    private static func checkStaysFailed(_ failed: FrameDecoder, _ error: ProtocolViolation) throws(CounterExample) {
        var decoder = failed
        try requireEqual(decoder.failure, error, "decoder.failure after an error")
        try require(!decoder.isAtFrameBoundary, "a failed decoder claims to be at a frame boundary")
        let probe: [UInt8] = [0x82, 0x80, 0, 0, 0, 0]
        for bytes in [[], probe] as [[UInt8]] {
            let again = bytes.withUnsafeBytes { raw -> ProtocolViolation? in
                var input = raw
                do throws(ProtocolViolation) {
                    _ = try decoder.next(from: &input)
                    return nil
                } catch {
                    return error
                }
            }
            try requireEqual(again, error, "error on a call after the decoder failed (\(bytes.count) bytes)")
        }
    }
}
