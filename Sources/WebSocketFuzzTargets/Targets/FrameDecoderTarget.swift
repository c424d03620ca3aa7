import WebSocketCore

/// `FrameDecoder` on arbitrary bytes.
///
/// Configuration: byte 0 selects the role (bit 0), the reserved bits allowed (bits 1–3), the length policy (bit 4)
/// and the chunking (bits 5–7); byte 1 the frame-size limit. Invariants: every decoded frame passed the header
/// rules (role's masking, control frames final and at most 125 bytes, length within the limit, only allowed
/// reserved bits); payload slices are contiguous and add up to the header's length; a frame re-encodes to exactly
/// its wire bytes (with minimal lengths; otherwise it re-decodes to the same frame); chunked decoding yields the
/// same frames and the same error as decoding all at once; a failed decoder throws the same error again.
enum FrameDecoderTarget {
    static let frameLimits = [16 << 20, 125, 1_000, 65_536]

    struct Outcome: Equatable {
        var frames: [Frame] = []
        /// The wire bytes each complete frame took.
        var spans: [Range<Int>] = []
        var error: ProtocolViolation?
    }

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte(), c1 = input.byte()
        var limits = Limits()
        limits.maximumFrameSize = frameLimits[Int(c1 & 3)]
        limits.nonMinimalLengths = c0 & 0x10 != 0 ? .accept : .reject
        let role: Role = c0 & 1 == 0 ? .server : .client
        let allowed = ReservedBits(rawValue: (c0 & 0x0E) << 3)
        let chunk = Chunking.sizes[Int(c0 >> 5)]
        let bytes = input.rest()
        let decoder = FrameDecoder(role: role, limits: limits, allowedReservedBits: allowed)

        let whole = try decode([bytes], with: decoder)
        let chunked = try decode(Chunking.pieces(of: bytes, size: chunk == 0 ? 1 : chunk), with: decoder)
        try require(whole == chunked, "chunked decoding (\(chunk)) differs: \(chunked.frames.count) frames, \(String(describing: chunked.error)) vs \(whole.frames.count), \(String(describing: whole.error))")

        for (frame, span) in zip(whole.frames, whole.spans) {
            let header = frame.header
            try require(header.payloadLength == UInt64(frame.payload.count), "payload count differs from the header's length")
            try require(header.payloadLength <= UInt64(limits.maximumFrameSize), "frame over the size limit accepted")
            try require(allowed.isSuperset(of: header.reservedBits), "reserved bits not allowed were accepted")
            try require(!header.opcode.isReserved, "reserved opcode accepted")
            try require((role == .server) == header.isMasked, "masking does not match the role")
            if header.opcode.isControl {
                try require(header.fin && header.payloadLength <= 125, "fragmented or long control frame accepted")
            }
            let wire = Array(bytes[span])
            let encoded = frame.encoded
            if limits.nonMinimalLengths == .reject {
                try require(encoded == wire, "frame re-encodes to \(encoded.count) bytes unlike its \(wire.count) wire bytes")
            } else {
                try require(encoded.count <= wire.count, "re-encoding is longer than the wire form")
                let again = try decode([encoded], with: decoder)
                try require(again.frames == [frame] && again.error == nil, "re-encoded frame decodes differently")
            }
        }
    }

    /// Decodes `pieces` one after the other with a copy of `decoder`, collecting whole frames.
    static func decode(_ pieces: [[UInt8]], with prototype: FrameDecoder) throws(FuzzFailure) -> Outcome {
        var decoder = prototype
        var outcome = Outcome()
        var partial: Frame?
        var frameStart = 0
        var consumed = 0
        for piece in pieces {
            let step = piece.withUnsafeBytes { buffer in
                Result { () throws(FuzzFailure) in
                    var rest = buffer
                    defer { consumed += buffer.count - rest.count }
                    while true {
                        let output: FrameDecoder.Output
                        do throws(ProtocolViolation) {
                            guard let next = try decoder.next(from: &rest) else { return }
                            output = next
                        } catch {
                            outcome.error = error
                            return
                        }
                        let position = consumed + (buffer.count - rest.count)
                        try record(output, at: position, into: &outcome, partial: &partial, frameStart: &frameStart)
                    }
                }
            }
            try step.get()
            if let error = outcome.error {
                var empty = UnsafeRawBufferPointer(start: nil, count: 0)
                let again = Result { () throws(ProtocolViolation) in try decoder.next(from: &empty) }
                guard case .failure(let repeated) = again, repeated == error else {
                    throw FuzzFailure("a failed decoder did not throw \(error) again")
                }
                try require(decoder.failure == error && !decoder.isAtFrameBoundary, "failure not recorded")
                return outcome
            }
        }
        if partial != nil { try require(!decoder.isAtFrameBoundary, "at a frame boundary inside a frame") }
        if decoder.isAtFrameBoundary {
            try require(outcome.spans.last?.upperBound ?? 0 == consumed, "frames do not cover the input at a boundary")
        }
        return outcome
    }

    /// Adds one decoder output to `outcome`, checking that slices are contiguous and frames complete.
    private static func record(
        _ output: FrameDecoder.Output, at position: Int, into outcome: inout Outcome, partial: inout Frame?,
        frameStart: inout Int
    ) throws(FuzzFailure) {
        switch output {
        case .frameStart(let header):
            try require(partial == nil, "a frame started inside another")
            var frame = Frame(opcode: header.opcode, payload: [])
            frame.header = header
            partial = frame
            frameStart = outcome.spans.last?.upperBound ?? 0
            try require(position - frameStart >= header.encodedSize, "a header shorter than its encoding")
        case .payload(let slice, let offset):
            guard var frame = partial else { throw FuzzFailure("payload outside a frame") }
            try require(offset == UInt64(frame.payload.count), "payload offset \(offset) is not contiguous")
            try require(!slice.isEmpty, "empty payload slice")
            let start = frame.payload.count
            frame.payload.append(contentsOf: slice)
            try require(frame.payload.count <= Int(frame.header.payloadLength), "payload beyond the header's length")
            if let key = frame.header.maskingKey {
                frame.payload.withUnsafeMutableBytes {
                    _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), phase: Int(offset & 3))
                }
            }
            partial = frame
        case .frameEnd:
            guard let frame = partial else { throw FuzzFailure("frame end outside a frame") }
            try require(frame.payload.count == Int(frame.header.payloadLength), "frame ended early")
            outcome.frames.append(frame)
            outcome.spans.append(frameStart..<position)
            partial = nil
        }
    }
}
