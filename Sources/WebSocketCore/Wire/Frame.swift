/// A whole frame with its payload unmasked: the unit of the encoder, of tests and of the property suite.
/// (Connections do not materialise frames; they stream payload slices from `FrameDecoder` into messages.)
public struct Frame: Hashable, Sendable {
    /// The header; `header.payloadLength` equals `payload.count`.
    public var header: FrameHeader
    /// The payload, unmasked.
    public var payload: [UInt8]

    /// A frame of the given fields; the header's length is set from `payload`.
    public init(
        fin: Bool = true, reservedBits: ReservedBits = [], opcode: Opcode, maskingKey: MaskingKey? = nil,
        payload: [UInt8]
    ) {
        self.header = FrameHeader(
            fin: fin, reservedBits: reservedBits, opcode: opcode, maskingKey: maskingKey,
            payloadLength: UInt64(payload.count))
        self.payload = payload
    }

    /// The frame on the wire: header then payload, masked with the header's key if it has one.
    public var encoded: [UInt8] {
        var out = header.bytes
        let start = out.count
        out.append(contentsOf: payload)
        if let key = header.maskingKey {
            out.withUnsafeMutableBytes { _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        }
        return out
    }

    /// Decodes every complete frame in `bytes` with `decoder`, copying each payload once (unmasked). Bytes of an
    /// incomplete trailing frame stay in the decoder; `partial` keeps the payload collected so far across calls.
    public static func decodeAll(
        _ bytes: UnsafeRawBufferPointer, with decoder: inout FrameDecoder, partial: inout Frame?
    ) throws(ProtocolViolation) -> [Frame] {
        var frames: [Frame] = []
        var input = bytes
        while let output = try decoder.next(from: &input) {
            switch output {
            case .frameStart(let header):
                var frame = Frame(opcode: header.opcode, payload: [])
                frame.header = header
                frame.payload.reserveCapacity(Int(header.payloadLength))
                partial = frame
            case .payload(let slice, let offset):
                let start = partial!.payload.count
                partial!.payload.append(contentsOf: slice)
                if let key = partial!.header.maskingKey {
                    partial!.payload.withUnsafeMutableBytes {
                        _ = key.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), phase: Int(offset & 3))
                    }
                }
            case .frameEnd:
                frames.append(partial!)
                partial = nil
            }
        }
        return frames
    }
}
