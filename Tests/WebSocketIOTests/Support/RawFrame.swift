/// One WebSocket frame as it appears on the wire, encoded and decoded by hand (independently of the core).
struct RawFrame: Sendable, Equatable {
    var fin = true
    var rsv: UInt8 = 0
    var opcode: UInt8
    var payload: [UInt8]
    var masked = false

    static let continuation: UInt8 = 0x0, text: UInt8 = 0x1, binary: UInt8 = 0x2
    static let close: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA

    /// The status code of a close frame.
    var closeCode: UInt16? {
        guard opcode == Self.close, payload.count >= 2 else { return nil }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    /// The reason of a close frame.
    var closeReason: String { String(decoding: payload.dropFirst(2), as: UTF8.self) }

    /// A close frame's payload.
    static func closePayload(_ code: UInt16, _ reason: String = "") -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8)
    }

    /// The frame's bytes; client frames are masked with `key` (nil: unmasked, as a server sends).
    /// `declaredLength` overrides the length in the header (for lying frames).
    func encoded(key: [UInt8]? = [0x37, 0xfa, 0x21, 0x3d], declaredLength: UInt64? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        let length = declaredLength ?? UInt64(payload.count)
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        if length < 126 {
            bytes.append(maskBit | UInt8(length))
        } else if length <= 0xffff {
            bytes.append(maskBit | 126)
            bytes += [UInt8(length >> 8), UInt8(length & 0xff)]
        } else {
            bytes.append(maskBit | 127)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        }
        if let key {
            bytes += key
            bytes += payload.enumerated().map { $0.element ^ key[$0.offset & 3] }
        } else {
            bytes += payload
        }
        return bytes
    }

    /// The size of a client (masked) frame with a payload of `count` bytes.
    static func maskedSize(payload count: Int) -> Int {
        count + (count < 126 ? 6 : count <= 0xffff ? 8 : 14)
    }

    /// Parses one frame from the front of `bytes`.
    static func parse(_ bytes: [UInt8]) -> (value: RawFrame, used: Int)? {
        guard bytes.count >= 2 else { return nil }
        let masked = bytes[1] & 0x80 != 0
        var length = UInt64(bytes[1] & 0x7f)
        var offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | UInt64($1) }
            offset = 10
        }
        var key: [UInt8] = []
        if masked {
            guard bytes.count >= offset + 4 else { return nil }
            key = Array(bytes[offset..<(offset + 4)])
            offset += 4
        }
        guard UInt64(bytes.count - offset) >= length else { return nil }
        let end = offset + Int(length)
        var payload = Array(bytes[offset..<end])
        if masked { for index in payload.indices { payload[index] ^= key[index & 3] } }
        let frame = RawFrame(
            fin: bytes[0] & 0x80 != 0, rsv: (bytes[0] >> 4) & 0x7, opcode: bytes[0] & 0x0f, payload: payload,
            masked: masked)
        return (frame, end)
    }
}
