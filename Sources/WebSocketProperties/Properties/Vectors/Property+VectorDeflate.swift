// The RFC 7692 §7.2.3 examples: inflated in random chunkings (through a client connection, the extension and a
// bare inflater) they give the example messages; compressed again and inflated, the messages come back.

import WebSocketDeflate

extension Property {
    /// The data messages of a server's frame stream, each as its first frame's reserved bits and its payload
    /// pieces (one per frame), read by `FrameOracle` with RSV1 allowed.
    static func compressedMessages(_ wire: [UInt8]) throws(CounterExample) -> [(bits: ReservedBits, pieces: [[UInt8]])] {
        let prediction = FrameOracle(receiver: .client, allowedReservedBits: .rsv1).predict(wire)
        try require(prediction.violation == nil && prediction.endsAtFrameBoundary, "the example frames do not decode: \(prediction)")
        var messages: [(bits: ReservedBits, pieces: [[UInt8]])] = []
        var open = false
        for frame in prediction.frames where !frame.header.opcode.isControl {
            if open {
                messages[messages.count - 1].pieces.append(frame.payload)
            } else {
                messages.append((frame.header.reservedBits, [frame.payload]))
            }
            open = !frame.header.fin
        }
        return messages
    }

    /// `WS-PROP-VECTOR-DEFLATE-INFLATE`.
    public static func vectorPerMessageDeflateChunked(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-permessage-deflate-chunked",
            description: "each RFC 7692 example, cut into random reads for a client connection with permessage-deflate, into random pieces for the extension's decoder and for a bare inflater, gives the example's messages",
            defaultIterations: 300
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let vector = g.element(of: try vectors.perMessageDeflate.required("RFC 7692"))
            // A client connection that negotiated permessage-deflate with the defaults (window 15, context takeover).
            let chunks = Generate.chunks(of: vector.wire, using: &g)
            let client = PerMessageDeflateExtension(role: .client, settings: PerMessageDeflateSettings())
            let trace = try ConnectionTrace.run(chunks, role: .client, configuration: ConnectionConfiguration(), extensions: [client])
            try require(trace.failure == nil && trace.closeCode == nil, "\(vector.name) in \(chunks.count) reads: \(trace)")
            let received = trace.events.compactMap { event -> Message? in
                if case .message(let message) = event { return message }
                return nil
            }
            try requireEqual(received, vector.messages, "\(vector.name) in \(chunks.count) reads: messages")
            // The extension's decoder and a bare inflater, fed each compressed payload in random pieces (empty ones
            // included), keeping their context from message to message.
            let messages = try compressedMessages(vector.wire)
            try requireEqual(messages.count, vector.messages.count, "\(vector.name): data messages in the frames")
            let decoder = PerMessageDeflateExtension(role: .client, settings: PerMessageDeflateSettings())
            var inflater = Inflater(windowBits: 15)
            for (index, message) in messages.enumerated() {
                let expected = vector.messages[index].bytes
                let compressed: Bool
                do throws(ProtocolViolation) {
                    compressed = try decoder.beginDecoding(firstFrameReservedBits: message.bits)
                } catch {
                    throw CounterExample("\(vector.name): beginDecoding threw \(error)")
                }
                try requireEqual(compressed, message.bits.contains(.rsv1), "\(vector.name): message \(index) compressed")
                guard compressed else {
                    try requireEqual(message.pieces.flatMap { $0 }, expected, "\(vector.name): uncompressed message \(index)")
                    continue
                }
                let pieces = message.pieces.flatMap { Generate.chunks(of: $0, using: &g) }
                var output: [UInt8] = []
                var inflated: [UInt8] = []
                do throws(ProtocolViolation) {
                    for piece in pieces { try decode(piece, with: decoder, isFinal: false, into: &output, limit: expected.count) }
                    try decode([], with: decoder, isFinal: true, into: &output, limit: expected.count)
                } catch {
                    throw CounterExample("\(vector.name): message \(index) in \(pieces.count) pieces: the extension threw \(error)")
                }
                do throws(InflateError) {
                    for piece in pieces { try inflater.inflate(piece, into: &inflated, limit: expected.count) }
                    try inflater.finishMessage(into: &inflated, limit: expected.count)
                } catch {
                    throw CounterExample("\(vector.name): message \(index) in \(pieces.count) pieces: the inflater threw \(error)")
                }
                try requireEqual(output, expected, "\(vector.name): message \(index) from the extension in \(pieces.count) pieces")
                try requireEqual(inflated, expected, "\(vector.name): message \(index) from the inflater in \(pieces.count) pieces")
            }
        }
    }

    /// `WS-PROP-VECTOR-DEFLATE-ROUNDTRIP`.
    public static func vectorPerMessageDeflateRoundTrip(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-permessage-deflate-roundtrip",
            description: "the RFC 7692 example messages (or runs of them), sent by a server connection with permessage-deflate at random settings, level, threshold and fragmentation, come back whole from a client connection reading them in random chunks",
            defaultIterations: 200
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let vector = g.element(of: try vectors.perMessageDeflate.required("RFC 7692"))
            let messages = vector.messages.map { message in
                g.bool() ? message : Message(kind: message.kind, bytes: Array(repeatElement(message.bytes, count: g.int(in: 2...400)).joined()))
            }
            let settings = PerMessageDeflateSettings(
                serverNoContextTakeover: g.bool(), clientNoContextTakeover: g.bool(),
                serverMaxWindowBits: g.int(in: 8...15), clientMaxWindowBits: g.int(in: 8...15))
            var configuration = PerMessageDeflateConfiguration()
            configuration.level = g.element(of: DeflateLevel.all)
            configuration.compressionThreshold = g.element(of: [0, 1, 5, 128])
            let fragment: Int? = g.bool() ? nil : g.int(in: 1...64)
            var server = try Connection<Open>.forProperty(
                role: .server, extensions: [PerMessageDeflateExtension(role: .server, settings: settings, configuration: configuration)])
            for message in messages {
                do throws(UsageError) {
                    try server.send(message, maximumFrameSize: fragment)
                } catch {
                    throw CounterExample("\(vector.name): send threw \(error)")
                }
            }
            let wire = server.takeOutboundBytes()
            // With context takeover every message at the threshold goes out compressed (RSV1 on its first frame).
            let sent = try compressedMessages(wire)
            try requireEqual(sent.count, messages.count, "\(vector.name): messages on the wire")
            for (index, message) in messages.enumerated() where !settings.serverNoContextTakeover {
                let atThreshold = message.bytes.count >= configuration.compressionThreshold
                try requireEqual(sent[index].bits.contains(.rsv1), atThreshold, "\(vector.name): RSV1 of message \(index) (\(message.bytes.count) bytes)")
            }
            let chunks = Generate.chunks(of: wire, using: &g)
            let client = PerMessageDeflateExtension(role: .client, settings: settings)
            let trace = try ConnectionTrace.run(chunks, role: .client, configuration: ConnectionConfiguration(), extensions: [client])
            try require(trace.failure == nil && trace.closeCode == nil, "\(vector.name), \(settings), \(configuration.level): \(trace)")
            let received = trace.events.compactMap { event -> Message? in
                if case .message(let message) = event { return message }
                return nil
            }
            try require(
                received == messages,
                "\(vector.name), \(settings), \(configuration.level), fragments of \(fragment.map(String.init) ?? "any") bytes: "
                    + "\(received.map(\.bytes.count)) bytes received for \(messages.map(\.bytes.count))")
        }
    }
}
