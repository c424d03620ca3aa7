import Testing
import WebSocketCore
import WebSocketDeflate

@Suite struct PerMessageDeflateLimitTests {
    static func server(limit: Int, frameLimit: Int = 1 << 24, settings: PerMessageDeflateSettings = .init()) throws -> DeflatePeer {
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumMessageSize = limit
        configuration.limits.maximumFrameSize = frameLimit
        return DeflatePeer(try Connection.established(
            role: .server, configuration: configuration,
            extensions: [PerMessageDeflateExtension(role: .server, settings: settings)]))
    }

    @Test("WS-DEFLATE-LIMIT-DECOMPRESSED: the message limit counts decompressed bytes, exact to the byte (limit - 1, limit, limit + 1)")
    func exactLimit() throws {
        let limit = 10_000
        for content in [TestCorpus.english(limit + 1, seed: 4), Array(repeating: 0x61, count: limit + 1)] {
            for (size, fits) in [(limit - 1, true), (limit, true), (limit + 1, false)] {
                let message = Array(content.prefix(size))
                let payload = compressed(message)
                #expect(payload.count < limit / 2)  // the wire size is far below the limit either way
                for fragmentSize in [payload.count, 50] {
                    let server = try Self.server(limit: limit)
                    var wire: [UInt8] = []
                    var start = 0
                    while start < payload.count {
                        let end = min(start + fragmentSize, payload.count)
                        wire += clientFrame(start == 0 ? .binary : .continuation, Array(payload[start..<end]), fin: end == payload.count, rsv: start == 0 ? .rsv1 : [])
                        start = end
                    }
                    server.receive(wire)
                    if fits {
                        #expect(server.messages == [.binary(message)], "\(size) bytes")
                        #expect(server.failure == nil)
                    } else {
                        #expect(server.messages.isEmpty)
                        #expect(server.failure == .messageTooLarge(limit: limit), "\(size) bytes")
                        #expect(server.closeCode == .messageTooBig)
                    }
                }
            }
        }
    }

    @Test("WS-DEFLATE-LIMIT-DECOMPRESSED: the same limits hold through a whole client-server pair")
    func exactLimitThroughPair() throws {
        let limit = 4_096
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumMessageSize = limit
        for (size, fits) in [(limit - 1, true), (limit, true), (limit + 1, false)] {
            let pair = try #require(try DeflatePair.handshake(
                client: [PerMessageDeflate()], server: [PerMessageDeflate()], configuration: configuration))
            let message = Array(TestCorpus.english(size + 10, seed: 7).prefix(size))
            try pair.client.send(.binary(message))
            let frames = try pair.clientToServer()
            #expect(frames[0].reservedBits == .rsv1)
            if fits {
                #expect(pair.server.messages == [.binary(message)])
            } else {
                #expect(pair.server.failure == .messageTooLarge(limit: limit))
                try pair.serverToClient()
                #expect(pair.client.closeCode == .messageTooBig)
            }
        }
    }

    @Test("WS-DEFLATE-BOMB-1009: a 1 GiB decompression bomb stops as soon as the output passes the limit (close 1009)")
    func bomb() throws {
        // One mebibyte of zeros compresses to about a kilobyte; its sync-flushed segment repeated is a valid stream.
        var deflater = Deflater(level: .best)
        var segment: [UInt8] = []
        deflater.deflate(Array(repeating: 0, count: 1 << 20), into: &segment)
        deflater.syncFlush(into: &segment)
        let segments = 1024
        let payload = Array([[UInt8]](repeating: segment, count: segments).joined())
        #expect(payload.count < 2 << 20)
        let limit = (2 << 20) + 100  // crossed by the third segment; above the wire size (WS-LIMIT-COMPRESSED-WIRE)
        let server = try Self.server(limit: limit, frameLimit: 4 << 20)
        let frame = clientFrame(.binary, payload, rsv: .rsv1)
        let headerSize = frame.count - payload.count
        // Header and two segments: two mebibytes decoded, still open.
        server.receive(Array(frame[0..<(headerSize + 2 * segment.count)]))
        #expect(server.isOpen)
        // The third segment crosses the limit: failed there, long before the frame's end.
        server.receive(Array(frame[(headerSize + 2 * segment.count)..<(headerSize + 3 * segment.count)]))
        #expect(server.failure == .messageTooLarge(limit: limit))
        #expect(server.closeCode == .messageTooBig)
        let close = try wireFrames(server.takeOutbound(), sentBy: .server)
        #expect(close.first?.opcode == .close && Array(close[0].payload.prefix(2)) == [0x03, 0xF1])
    }

    @Test("WS-DEFLATE-CORRUPT-1007: corrupt or truncated compressed data fails the connection with 1007")
    func corruptData() throws {
        let hello = compressed(Array("Hello, Hello, Hello".utf8))
        let cases: [(String, [UInt8], String?)] = [
            ("reserved block type", [0xff, 0xff, 0xff], "invalid block type"),
            ("stored length mismatch", [0x00, 0x05, 0x00, 0x00, 0x00], "stored block length mismatch"),
            ("distance before the start", [0x02, 0x02, 0x00], "distance too far back"),
            ("inside a stored block at the end", [0x00, 0x64, 0x00, 0x9b, 0xff, 0x48, 0x65], "message ends inside a block"),
            ("cut short", Array(hello.dropLast(3)), nil),
        ]
        for (name, payload, reason) in cases {
            let server = try Self.server(limit: 1 << 20)
            server.receive(clientFrame(.binary, payload, rsv: .rsv1))
            guard case .extensionDataInvalid(let extensionName, let actual)? = server.failure else {
                Issue.record("\(name): \(String(describing: server.failure))")
                continue
            }
            #expect(extensionName == "permessage-deflate")
            if let reason { #expect(actual == reason, "\(name)") }
            #expect(server.closeCode == .invalidPayloadData, "\(name)")
        }
        // Decompressed text that is not UTF-8 is 1007 too.
        let server = try Self.server(limit: 1 << 20)
        server.receive(clientFrame(.text, compressed([0x48, 0xC0, 0x80]), rsv: .rsv1))
        #expect(server.failure == .invalidUTF8)
        #expect(server.closeCode == .invalidPayloadData)
    }

    @Test("RFC7692-6.1-CONTROL-NOT-COMPRESSED, RFC7692-6-RSV1-FIRST-FRAME: RSV1 on a control or continuation frame, or RSV2/RSV3, is 1002")
    func reservedBits() throws {
        let payload = compressed(Array("Hello".utf8))
        let cases: [(String, [UInt8], ReservedBits)] = [
            ("ping with RSV1", clientFrame(.ping, [], rsv: .rsv1), .rsv1),
            ("pong with RSV1", clientFrame(.pong, [1], rsv: .rsv1), .rsv1),
            ("close with RSV1", clientFrame(.close, [0x03, 0xE8], rsv: .rsv1), .rsv1),
            ("continuation with RSV1",
             clientFrame(.text, Array(payload.prefix(2)), fin: false, rsv: .rsv1) + clientFrame(.continuation, Array(payload.dropFirst(2)), rsv: .rsv1), .rsv1),
            ("uncompressed first frame, RSV1 on the continuation",
             clientFrame(.text, [0x48], fin: false) + clientFrame(.continuation, [0x69], rsv: .rsv1), .rsv1),
            ("RSV2", clientFrame(.binary, payload, rsv: .rsv2), .rsv2),
            ("RSV1 and RSV3", clientFrame(.binary, payload, rsv: [.rsv1, .rsv3]), .rsv3),
        ]
        for (name, wire, bits) in cases {
            let server = try Self.server(limit: 1 << 20)
            server.receive(wire)
            #expect(server.failure == .reservedBitsNotNegotiated(bits), "\(name)")
            #expect(server.closeCode == .protocolError, "\(name)")
        }
        // Without the extension, RSV1 itself is not allowed.
        let plain = DeflatePeer(try Connection.established(role: .server))
        plain.receive(clientFrame(.binary, payload, rsv: .rsv1))
        #expect(plain.failure == .reservedBitsNotNegotiated(.rsv1))
        // Pings and pongs we send are never compressed, however large.
        let pair = try DeflatePair.established()
        try pair.client.open?.ping(Array(repeating: 0x61, count: 125))
        let frames = try pair.clientToServer()
        #expect(frames.count == 1 && frames[0].opcode == .ping && frames[0].reservedBits.isEmpty)
    }
}
