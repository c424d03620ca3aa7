// Properties of the DEFLATE codec (RFC 1951) and permessage-deflate (RFC 7692): round trips at every level and
// window, in any chunking, across message sequences with and without context takeover; and a total inflater.

import WebSocketDeflate

extension Generate {
    /// A message for compression: random bytes, long runs and repeated patterns, English-like words, or a mix;
    /// usually up to a few KiB, sometimes larger than the biggest window (up to 70 KB).
    public static func compressible(using g: inout Xorshift64Star) -> [UInt8] {
        let count = g.oneIn(10) ? g.int(in: 0...70_000) : g.int(in: 0...3_000)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        let words = ["the", "of", "and", "message", "frame", "window", "deflate", " ", ", ", ".\n", "{\"id\":", "}"]
        let style = g.below(4)
        while bytes.count < count {
            switch style == 3 ? g.below(3) : style {
            case 0:
                bytes += g.bytes(count: g.int(in: 1...64))
            case 1:
                if g.bool() || bytes.count < 4 {
                    bytes += [UInt8](repeating: g.byte(), count: g.int(in: 1...300))
                } else {
                    let start = g.int(in: 0..<bytes.count)
                    bytes += bytes[start..<min(bytes.count, start + g.int(in: 3...258))]
                }
            default:
                bytes += Array(g.element(of: words).utf8)
            }
        }
        return Array(bytes.prefix(count))
    }

    /// Pieces of `bytes` by a random chunking, as array slices' copies.
    static func pieces(of bytes: [UInt8], using g: inout Xorshift64Star) -> [[UInt8]] {
        bytes.count > 20_000 && g.bool() ? Generate.chunks(of: bytes, .random, using: &g) : Generate.chunks(of: bytes, using: &g)
    }
}

extension Property {
    /// Feeds `bytes` to an extension's `decode`.
    static func decode(
        _ bytes: [UInt8], with decoder: PerMessageDeflateExtension, isFinal: Bool, into output: inout [UInt8], limit: Int
    ) throws(ProtocolViolation) {
        var failure: ProtocolViolation?
        bytes.withUnsafeBytes { raw in
            do throws(ProtocolViolation) {
                try decoder.decode(raw, isFinal: isFinal, into: &output, limit: limit)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// `WS-PROP-DEFLATE-ROUNDTRIP`.
    public static let deflateRoundTrip = Property(
        name: "deflate-roundtrip",
        description: "inflate(deflate(x)) == x at every level and window, fed in any pieces, over message sequences with and without context takeover, with the output limit set to the message size",
        defaultIterations: 60
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let level = g.element(of: DeflateLevel.all)
        let windowBits = g.int(in: 8...15)
        let takeover = g.bool()
        var deflater = Deflater(level: level, windowBits: windowBits)
        var inflater = Inflater(windowBits: windowBits)
        let count = g.int(in: 1...4)
        for index in 0..<count {
            let message = Generate.compressible(using: &g)
            var payload: [UInt8] = []
            for piece in Generate.pieces(of: message, using: &g) { deflater.deflate(piece, into: &payload) }
            deflater.syncFlush(into: &payload)
            try require(payload.suffix(4) == Inflater.messageTail, "sync flush does not end in 00 00 ff ff")
            payload.removeLast(4)
            var output: [UInt8] = []
            do throws(InflateError) {
                for piece in Generate.pieces(of: payload, using: &g) {
                    try inflater.inflate(piece, into: &output, limit: message.count)
                }
                try inflater.finishMessage(into: &output, limit: message.count)
            } catch {
                throw CounterExample("\(level), window \(windowBits), takeover \(takeover), message \(index) of \(message.count) bytes: \(error)")
            }
            try require(output == message, "\(level), window \(windowBits), takeover \(takeover): message \(index) of \(message.count) bytes differs")
            if !takeover {
                deflater.reset()
                inflater.reset()
            }
        }
    }

    /// `WS-PROP-PERMESSAGE-DEFLATE-ROUNDTRIP`.
    public static let perMessageDeflateRoundTrip = Property(
        name: "permessage-deflate-roundtrip",
        description: "messages encoded by one end's permessage-deflate and decoded by the other's come back whole, for random negotiated settings, thresholds, levels and fragmentations, with an exact decompressed-size limit",
        defaultIterations: 60
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let settings = PerMessageDeflateSettings(
            serverNoContextTakeover: g.bool(), clientNoContextTakeover: g.bool(),
            serverMaxWindowBits: g.int(in: 8...15), clientMaxWindowBits: g.int(in: 8...15))
        var configuration = PerMessageDeflateConfiguration()
        configuration.level = g.element(of: DeflateLevel.all)
        configuration.compressionThreshold = g.element(of: [0, 1, 128, 1_000])
        configuration.releasesMemoryBetweenMessages = g.bool()
        let senderRole: Role = g.bool() ? .server : .client
        let sender = PerMessageDeflateExtension(role: senderRole, settings: settings, configuration: configuration)
        let receiver = PerMessageDeflateExtension(
            role: senderRole == .server ? .client : .server, settings: settings, configuration: configuration)
        for index in 0..<g.int(in: 1...5) {
            let message = Generate.compressible(using: &g)
            let (payload, bits) = sender.encode(message, kind: .binary)
            if message.count < configuration.compressionThreshold {
                try require(bits.isEmpty && payload == message, "a message below the threshold was compressed")
            } else if settings.sendingResetsContext(for: senderRole) {
                try require(bits == .rsv1 ? payload.count < message.count : payload == message,
                            "without context takeover: sent \(payload.count) bytes, RSV1 \(bits == .rsv1), for \(message.count)")
            } else {
                try require(bits == .rsv1, "with context takeover a message at the threshold went out uncompressed")
            }
            let claimed: Bool
            do throws(ProtocolViolation) {
                claimed = try receiver.beginDecoding(firstFrameReservedBits: bits)
            } catch {
                throw CounterExample("beginDecoding threw \(error)")
            }
            guard claimed else {
                try require(payload == message, "an uncompressed message was changed")
                continue
            }
            var output: [UInt8] = []
            do throws(ProtocolViolation) {
                for piece in Generate.pieces(of: payload, using: &g) {
                    try decode(piece, with: receiver, isFinal: false, into: &output, limit: message.count)
                }
                try receiver.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &output, limit: message.count)
            } catch {
                throw CounterExample("\(settings), \(configuration.level), message \(index) of \(message.count) bytes: \(error)")
            }
            try require(output == message, "\(settings), \(configuration.level): message \(index) of \(message.count) bytes differs")
        }
    }

    /// `WS-PROP-INFLATE-TOTAL`.
    public static let inflateArbitraryBytes = Property(
        name: "inflate-arbitrary-bytes",
        description: "the inflater (and permessage-deflate's decoder) on random bytes or damaged streams returns data or a typed error, never traps, never outputs past its limit",
        defaultIterations: 300
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        var input: [UInt8]
        if g.bool() {
            input = g.bytes(count: g.int(in: 0...2_000))
        } else {
            var deflater = Deflater(level: g.element(of: DeflateLevel.all), windowBits: g.int(in: 8...15))
            input = deflater.compressMessage(Generate.compressible(using: &g))
            input = Generate.mutated(input, using: &g)
        }
        let windowBits = g.int(in: 8...15)
        let limit = g.oneIn(3) ? g.int(in: 0...100) : g.int(in: 0...200_000)
        var inflater = Inflater(windowBits: windowBits)
        var output: [UInt8] = []
        var failure: InflateError?
        do throws(InflateError) {
            for piece in Generate.pieces(of: input, using: &g) { try inflater.inflate(piece, into: &output, limit: limit) }
            try inflater.finishMessage(into: &output, limit: limit)
        } catch {
            failure = error
        }
        try require(output.count <= limit, "output of \(output.count) bytes past the limit \(limit)")
        if let failure {
            // The error sticks.
            var again: [UInt8] = []
            let repeated: InflateError?
            do throws(InflateError) {
                try inflater.inflate([0x00], into: &again, limit: limit)
                repeated = nil
            } catch {
                repeated = error
            }
            try require(repeated == failure, "after \(failure) the inflater gave \(String(describing: repeated))")
        }
        // The extension maps every outcome to a violation with a close code of its own.
        let decoder = PerMessageDeflateExtension(
            role: .server, settings: PerMessageDeflateSettings(clientMaxWindowBits: windowBits))
        var decoded: [UInt8] = []
        let violation: ProtocolViolation?
        do throws(ProtocolViolation) {
            try decode(input, with: decoder, isFinal: true, into: &decoded, limit: limit)
            violation = nil
        } catch {
            violation = error
        }
        if let error = violation {
            switch (error, failure) {
            case (.messageTooLarge(let reported), .outputLimitExceeded?): try requireEqual(reported, limit, "limit")
            case (.extensionDataInvalid, let inflateError?) where inflateError != .outputLimitExceeded(limit: limit): break
            default: throw CounterExample("the extension threw \(error) where the inflater gave \(String(describing: failure))")
            }
        } else {
            try require(failure == nil && decoded == output, "the extension decoded what the inflater refused")
        }
        try require(decoded.count <= limit, "the extension output past the limit")
    }
}
