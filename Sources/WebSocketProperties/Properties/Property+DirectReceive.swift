// A session's events do not depend on whether its input came through direct reads into message storage.

extension Generate {
    /// A frame stream sent by `role` that is rich in large single-frame messages: two to six parts, each a large
    /// text or binary message in one frame (at and around 64 KiB, up to 200 KiB, sometimes smaller), a large message
    /// in two fragments, or a small `messageStream` (fragments, pings and pongs, sometimes a close).
    public static func largeMessageStream(sentBy role: Role, using g: inout Xorshift64Star) -> [UInt8] {
        var out: [UInt8] = []
        func frame(_ opcode: Opcode, fin: Bool, _ payload: [UInt8], _ g: inout Xorshift64Star) {
            let key = role == .client ? maskingKey(using: &g) : nil
            out += Frame(fin: fin, opcode: opcode, maskingKey: key, payload: payload).encoded
        }
        for _ in 0..<g.int(in: 2...6) {
            let isText = g.bool()
            let length = g.element(of: [
                65_535, 65_536, 65_536, 65_537, 70_000, 131_072, 200_000,
                g.int(in: 65_536...200_000), g.int(in: 4_096...65_535),
            ])
            let payload = isText ? largeText(count: length, using: &g) : g.bytes(count: length)
            switch g.int(in: 0..<6) {
            case 0...3:
                frame(isText ? .text : .binary, fin: true, payload, &g)
            case 4:
                let cut = g.int(in: 0...payload.count)
                frame(isText ? .text : .binary, fin: false, Array(payload[..<cut]), &g)
                frame(.continuation, fin: true, Array(payload[cut...]), &g)
            default:
                out += messageStream(sentBy: role, maximumMessage: 300, using: &g)
            }
        }
        return out
    }

    /// About `count` bytes of valid UTF-8 (a short random piece repeated; multi-byte scalars straddle every read
    /// boundary somewhere).
    private static func largeText(count: Int, using g: inout Xorshift64Star) -> [UInt8] {
        var piece = validUTF8(maximumScalars: 40, using: &g)
        if piece.isEmpty { piece = Array("κόσμε".utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(count + piece.count)
        while out.count < count { out += piece }
        return out
    }

    /// Read sizes for a direct-reading transport: a short cycle of sizes around a 64 KiB frame and its header, tiny
    /// reads and large ones (a direct read takes at most what the storage offers).
    public static func directReadSizes(using g: inout Xorshift64Star) -> [Int] {
        (0..<g.int(in: 1...4)).map { _ in
            g.element(of: [
                1, 7, 10, 13, 14, 15, 4_096, 65_546, 65_549, 65_550, 65_551, 100_000, 131_072,
                g.int(in: 1...200_000),
            ])
        }
    }
}

extension Property {
    /// `WS-PROP-DIRECT-RECEIVE`.
    public static let connectionDirectReceiveIndependent = Property(
        name: "connection-direct-receive-independent",
        description: "a session fed a stream of large messages through direct reads into message storage yields the same events, bytes and close as fed whole",
        defaultIterations: 50
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        // Usually a server reading a client; sometimes the other way round.
        let role: Role = g.oneIn(4) ? .client : .server
        let peer: Role = role == .server ? .client : .server
        var stream = Generate.largeMessageStream(sentBy: peer, using: &g)
        let damaged = g.oneIn(4)
        if damaged { stream = Generate.mutated(stream, using: &g) }
        var configuration = ConnectionConfiguration()
        // Sometimes a limit the stream's larger messages break.
        configuration.limits.maximumMessageSize = g.element(of: [1 << 20, 1 << 20, 100_000, 65_536])
        let tight = configuration.limits.maximumMessageSize < 1 << 20
        let whole = ConnectionTrace.run([stream], on: try .forProperty(role: role, configuration: configuration))
        if !damaged && !tight {
            try require(whole.failure == nil, "a valid stream failed the connection: \(whole)")
        }
        let sizes = Generate.directReadSizes(using: &g)
        let direct = ConnectionTrace.runDirect(
            stream, readSizes: sizes, on: try .forProperty(role: role, configuration: configuration))
        try require(direct == whole, "\(stream.count) bytes read in \(sizes): \(direct.difference(from: whole))")
    }
}
