import WebSocketDeflate
import WebSocketIO
import WebSocketProperties

/// The hostile inputs a soak sends on raw connections, each with the answer the server owes it (Spec/errors.md:
/// the violation's close code, then the server closes TCP; a bad handshake gets an HTTP error status).
enum SoakHostileInput: String, CaseIterable, Sendable, Comparable {
    case unmaskedFrame = "unmasked-frame"
    case invalidUTF8 = "invalid-utf8"
    case invalidUTF8AcrossFragments = "invalid-utf8-across-fragments"
    case oversizedPing = "ping-over-125-bytes"
    case fragmentedPing = "fragmented-ping"
    case continuationWithoutMessage = "continuation-without-message"
    case messageInsideFragmented = "new-message-inside-fragmented"
    case reservedOpcode = "reserved-opcode"
    case rsv1WithoutDeflate = "rsv1-without-deflate"
    case rsv2 = "rsv2-set"
    case closeOneByte = "close-with-1-byte-payload"
    case invalidCloseCode = "close-with-invalid-code"
    case invalidCloseReason = "close-reason-not-utf8"
    case lengthOverLimit = "length-over-server-limit"
    case lengthMSBSet = "length-msb-set"
    case nonMinimalLength = "non-minimal-length"
    case decompressionBomb = "decompression-bomb"
    case corruptDeflate = "corrupt-deflate-data"
    case handshakeWithoutKey = "handshake-without-key"

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The answer the server owes: `"1002"`-style close codes, or `"HTTP 400"`.
    var expectedAnswer: String {
        switch self {
        case .invalidUTF8, .invalidUTF8AcrossFragments, .invalidCloseReason, .corruptDeflate: "1007"
        case .lengthOverLimit, .decompressionBomb: "1009"
        case .handshakeWithoutKey: "HTTP 400"
        default: "1002"
        }
    }

    /// Whether the input needs permessage-deflate negotiated (false: whether it is offered is up to the plan).
    var needsDeflate: Bool { self == .decompressionBomb || self == .corruptDeflate }

    /// Whether the input must go on a connection without permessage-deflate.
    var forbidsDeflate: Bool { self == .rsv1WithoutDeflate }

    /// The bytes sent after a successful handshake (the bad request itself for `handshakeWithoutKey`).
    func bytes(using g: inout Xorshift64Star, bomb: SoakBomb) -> [UInt8] {
        func newKey() -> MaskingKey { MaskingKey.random(using: &g) }
        func frame(_ opcode: Opcode, fin: Bool = true, rsv: ReservedBits = [], masked: Bool = true, _ payload: [UInt8]) -> [UInt8] {
            Frame(fin: fin, reservedBits: rsv, opcode: opcode, maskingKey: masked ? newKey() : nil, payload: payload).encoded
        }
        let junk = g.bytes(count: g.int(in: 0...100))
        switch self {
        case .unmaskedFrame: return frame(.binary, masked: false, junk)
        case .invalidUTF8: return frame(.text, Array("valid, then ".utf8) + [0xc3, 0x28] + Array("after".utf8))
        case .invalidUTF8AcrossFragments:
            return frame(.text, fin: false, Array("€ starts: ".utf8) + [0xe2, 0x82]) + frame(.continuation, [0x41])
        case .oversizedPing: return frame(.ping, [UInt8](repeating: 0x70, count: g.int(in: 126...1000)))
        case .fragmentedPing: return frame(.ping, fin: false, Array(junk.prefix(10)))
        case .continuationWithoutMessage: return frame(.continuation, junk)
        case .messageInsideFragmented: return frame(.binary, fin: false, junk) + frame(.text, Array("second".utf8))
        case .reservedOpcode:
            return frame(g.element(of: Opcode.allCases.filter(\.isReserved)), Array(junk.prefix(100)))
        case .rsv1WithoutDeflate: return frame(.text, rsv: .rsv1, Array("hi".utf8))
        case .rsv2: return frame(.binary, rsv: g.bool() ? .rsv2 : .rsv3, junk)
        case .closeOneByte: return frame(.close, [0x03])
        case .invalidCloseCode:
            let code = g.element(of: [UInt16(0), 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535])
            return frame(.close, [UInt8(code >> 8), UInt8(code & 0xff)])
        case .invalidCloseReason: return frame(.close, [0x03, 0xe8, 0xff, 0xfe])
        case .lengthOverLimit:
            var header = FrameHeader(opcode: .binary, maskingKey: newKey(), payloadLength: UInt64(1) << g.int(in: 40...62))
            header.payloadLength = max(header.payloadLength, UInt64(bomb.serverMaximumMessageSize) + 1)
            return header.bytes
        case .lengthMSBSet:
            return [0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0x05] + newKey().bytes + [1, 2, 3, 4, 5]
        case .nonMinimalLength:
            let length = g.int(in: 0...125)
            return [0x82, 0xfe, 0x00, UInt8(length)] + newKey().bytes + [UInt8](repeating: 0, count: length)
        case .decompressionBomb:
            return frame(.binary, rsv: .rsv1, bomb.compressed)
        case .corruptDeflate:
            // BFINAL 1, BTYPE 11: a reserved block type (RFC 1951 §3.2.3).
            return frame(.binary, rsv: .rsv1, [0xff, 0xff, 0xff, 0xff] + junk)
        case .handshakeWithoutKey:
            return Array(
                "GET / HTTP/1.1\r\nHost: soak\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8)
        }
    }
}

/// A permessage-deflate message that inflates to 64 KiB more than the server's message limit (zeros, compressed
/// about 1000 to 1), made once per run.
final class SoakBomb: Sendable {
    /// The server's message limit it exceeds.
    let serverMaximumMessageSize: Int
    /// The compressed payload (RFC 7692 §7.2.1: without the final `00 00 ff ff`).
    let compressed: [UInt8]

    init(serverMaximumMessageSize: Int) {
        self.serverMaximumMessageSize = serverMaximumMessageSize
        var deflater = Deflater(level: .fastest)
        compressed = deflater.compressMessage([UInt8](repeating: 0, count: serverMaximumMessageSize + (64 << 10)))
    }
}
