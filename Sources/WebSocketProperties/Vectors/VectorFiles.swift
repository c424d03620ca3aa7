// The JSON formats of the vector files (Decodable is the standard library's; the decoding itself happens in the
// caller's `VectorFileReader`), and their conversion to the vector values.

/// `rfc6455-frames.json`.
struct FrameVectorFile: Decodable {
    struct ExpectedFrame: Decodable {
        var fin: Bool
        var opcode: UInt8
        var maskHex: String?
        var payloadHex: String?
        var payloadLength: Int?
    }
    struct ExpectedMessage: Decodable {
        var kind: String
        var text: String
    }
    struct Case: Decodable {
        var name: String
        var sender: String
        var hex: String?
        var headerHex: String?
        var payloadLength: Int?
        var frames: [ExpectedFrame]
        var message: ExpectedMessage?
    }
    var cases: [Case]

    func vectors() throws(VectorFileError) -> [FrameVector] {
        var out: [FrameVector] = []
        for c in cases {
            let sender: Role
            switch c.sender {
            case "client": sender = .client
            case "server": sender = .server
            default: throw VectorFileError("\(c.name): unknown sender \(c.sender)")
            }
            let wire: [UInt8]
            if let hex = c.hex {
                wire = try VectorFileError.bytes(hex: hex, c.name)
            } else if let header = c.headerHex, let length = c.payloadLength, (0...(1 << 24)).contains(length) {
                // The RFC gives only the header of its long examples; the payload is zeros (see the file's source).
                wire = try VectorFileError.bytes(hex: header, c.name) + [UInt8](repeating: 0, count: length)
            } else {
                throw VectorFileError("\(c.name): neither hex nor headerHex with payloadLength")
            }
            var frames: [Frame] = []
            for f in c.frames {
                guard f.opcode < 16 else { throw VectorFileError("\(c.name): opcode \(f.opcode)") }
                var key: MaskingKey?
                if let maskHex = f.maskHex {
                    key = MaskingKey(bytes: try VectorFileError.bytes(hex: maskHex, c.name))
                    if key == nil { throw VectorFileError("\(c.name): a masking key is 4 bytes") }
                }
                let payload: [UInt8]
                if let hex = f.payloadHex {
                    payload = try VectorFileError.bytes(hex: hex, c.name)
                } else if let length = f.payloadLength, (0...(1 << 24)).contains(length) {
                    payload = [UInt8](repeating: 0, count: length)
                } else {
                    throw VectorFileError("\(c.name): a frame without payloadHex or payloadLength")
                }
                frames.append(Frame(fin: f.fin, opcode: Opcode(lowBitsOf: f.opcode), maskingKey: key, payload: payload))
            }
            var message: Message?
            if let m = c.message {
                switch m.kind {
                case "text": message = .text(m.text)
                default: throw VectorFileError("\(c.name): unknown message kind \(m.kind)")
                }
            }
            out.append(FrameVector(name: c.name, sender: sender, wire: wire, frames: frames, message: message))
        }
        return out
    }
}

/// `sha1-fips.json` (text, or a string repeated) and `sha1-random.json` (hex).
struct DigestVectorFile: Decodable {
    struct Case: Decodable {
        var name: String?
        var text: String?
        var hex: String?
        var `repeat`: String?
        var count: Int?
        var sha1: String
    }
    var cases: [Case]

    func vectors() throws(VectorFileError) -> [DigestVector] {
        var out: [DigestVector] = []
        for (index, c) in cases.enumerated() {
            let message: [UInt8]
            if let text = c.text {
                message = Array(text.utf8)
            } else if let hex = c.hex {
                message = try VectorFileError.bytes(hex: hex, "case \(index)")
            } else if let unit = c.repeat, let count = c.count, (0...(1 << 24)).contains(count) {
                let unitBytes = Array(unit.utf8)
                var repeated = [UInt8]()
                repeated.reserveCapacity(unitBytes.count * count)
                if unitBytes.count == 1 {
                    repeated = [UInt8](repeating: unitBytes[0], count: count)
                } else {
                    for _ in 0..<count { repeated += unitBytes }
                }
                message = repeated
            } else {
                throw VectorFileError("case \(index): no text, hex or repeat/count")
            }
            let digest = try VectorFileError.bytes(hex: c.sha1, "case \(index)")
            guard digest.count == 20 else { throw VectorFileError("case \(index): a SHA-1 digest is 20 bytes") }
            out.append(DigestVector(name: c.name ?? "\(message.count) bytes", message: message, digest: digest))
        }
        return out
    }
}

/// `base64-rfc4648.json`.
struct Base64VectorFile: Decodable {
    struct Valid: Decodable {
        var text: String
        var base64: String
    }
    struct Invalid: Decodable {
        var base64: String
        var why: String
    }
    var valid: [Valid]
    var invalid: [Invalid]

    func vectors() throws(VectorFileError) -> [Base64Vector] {
        guard !valid.isEmpty, !invalid.isEmpty else { throw VectorFileError("valid and invalid cases are both needed") }
        return valid.map { Base64Vector(name: "\"\($0.text)\"", text: Array($0.base64.utf8), decoded: Array($0.text.utf8)) }
            + invalid.map { Base64Vector(name: $0.why, text: Array($0.base64.utf8), decoded: nil) }
    }
}

/// `permessage-deflate-rfc7692.json` (its `frames` part; the negotiation tables are for the handshake tests).
struct PerMessageDeflateVectorFile: Decodable {
    struct Case: Decodable {
        var name: String
        var frames: [String]
        var messages: [String]
    }
    var frames: [Case]

    func vectors() throws(VectorFileError) -> [PerMessageDeflateVector] {
        var out: [PerMessageDeflateVector] = []
        for c in frames {
            var wire: [[UInt8]] = []
            for hex in c.frames { wire.append(try VectorFileError.bytes(hex: hex, c.name)) }
            out.append(PerMessageDeflateVector(name: c.name, frames: wire, messages: c.messages.map { .text($0) }))
        }
        return out
    }
}
