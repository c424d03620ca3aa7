import WebSocketCore
import WebSocketProperties
import WebSocketDeflate

/// `Connection<Open>.receive` on arbitrary bytes from the peer.
///
/// Configuration: byte 0 selects the role (bit 0), permessage-deflate (bit 1) with one of four settings (bits 2–3),
/// tight limits (bit 4) and the chunking (bits 5–7). Invariants: chunked input gives the same events, bytes and
/// close as whole input; messages respect the message limit and text is valid UTF-8; control payloads are at most
/// 125 bytes; a violation is the last event and the connection closes with its code; everything the connection
/// sends is valid frames of its role: a pong echoing each ping, in order, then at most one close, last.
enum ConnectionTarget {
    static let deflateSettings = [
        PerMessageDeflateSettings(),
        PerMessageDeflateSettings(serverNoContextTakeover: true, clientNoContextTakeover: true),
        PerMessageDeflateSettings(serverMaxWindowBits: 8, clientMaxWindowBits: 8),
        PerMessageDeflateSettings(serverNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 9),
    ]

    struct Setup {
        var role: Role
        var deflate: PerMessageDeflateSettings?
        var configuration = ConnectionConfiguration()

        init(_ c0: UInt8) {
            role = c0 & 1 == 0 ? .server : .client
            deflate = c0 & 2 == 0 ? nil : ConnectionTarget.deflateSettings[Int(c0 >> 2 & 3)]
            if c0 & 0x10 != 0 {
                configuration.limits.maximumFrameSize = 200
                configuration.limits.maximumMessageSize = 300
                configuration.limits.maximumFragmentsPerMessage = 4
            }
        }

        /// A fresh open connection.
        func connection() throws(FuzzFailure) -> Connection<Open> {
            let extensions: [any WebSocketExtension] = deflate.map {
                [PerMessageDeflateExtension(role: role, settings: $0, configuration: PerMessageDeflateConfiguration())]
            } ?? []
            do {
                return try Connection.established(
                    role: role, configuration: configuration, extensions: extensions, keySource: CountingMaskingKeySource())
            } catch {
                throw FuzzFailure("the target's configuration was refused: \(error)")
            }
        }
    }

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte()
        let setup = Setup(c0)
        let bytes = input.rest()
        let whole = ConnectionTrace.run([bytes], on: try setup.connection())
        let chunk = Chunking.sizes[Int(c0 >> 5)]
        let chunked = ConnectionTrace.run(Chunking.pieces(of: bytes, size: chunk == 0 ? 7 : chunk), on: try setup.connection())
        try require(whole == chunked, "chunked input (\(chunk)) gives \(chunked.events), close \(String(describing: chunked.closeCode)), \(chunked.outbound.count) bytes out; whole: \(whole.events), \(String(describing: whole.closeCode)), \(whole.outbound.count) bytes out")
        try checkEvents(whole, setup)
        try checkOutbound(whole, setup)
    }

    static func checkEvents(_ trace: ConnectionTrace, _ setup: Setup) throws(FuzzFailure) {
        let limits = setup.configuration.limits
        for (index, event) in trace.events.enumerated() {
            switch event {
            case .message(let message):
                try require(message.bytes.count <= limits.maximumMessageSize, "message over the limit delivered")
                if message.kind == .text {
                    try require(String(validating: message.bytes, as: UTF8.self) != nil, "invalid UTF-8 text delivered")
                }
            case .messageChunk(let chunk):
                if chunk.kind == .text {
                    try require(String(validating: chunk.bytes, as: UTF8.self) != nil, "invalid UTF-8 text chunk delivered")
                }
            case .ping(let payload), .pong(let payload):
                try require(payload.count <= 125, "control payload over 125 bytes")
            case .closeReceived:
                try require(index == trace.events.count - 1, "events after the peer's close")
                try require(trace.isClosed && trace.failure == nil, "the peer's close did not close the connection")
            case .failed(let violation):
                try require(index == trace.events.count - 1, "events after a violation")
                try require(trace.failure == violation && trace.closeCode == violation.closeCode, "violation not reported as the close")
            }
        }
        if trace.failure != nil {
            guard case .failed = trace.events.last else { throw FuzzFailure("a failure without a .failed event") }
        }
    }

    /// Decodes what the connection sent as its peer would, and checks it against the events.
    static func checkOutbound(_ trace: ConnectionTrace, _ setup: Setup) throws(FuzzFailure) {
        let peer: Role = setup.role == .server ? .client : .server
        var decoder = FrameDecoder(role: peer)
        var partial: Frame?
        let decoded = trace.outbound.withUnsafeBytes { buffer in
            Result { () throws(ProtocolViolation) in try Frame.decodeAll(buffer, with: &decoder, partial: &partial) }
        }
        guard case .success(let frames) = decoded else { throw FuzzFailure("the connection sent invalid frames") }
        try require(decoder.isAtFrameBoundary, "the connection sent a partial frame")
        let pings = trace.events.compactMap { event -> [UInt8]? in if case .ping(let p) = event { p } else { nil } }
        var pongs: [[UInt8]] = []
        for (index, frame) in frames.enumerated() {
            switch frame.header.opcode {
            case .pong:
                pongs.append(frame.payload)
            case .close:
                try require(index == frames.count - 1, "frames sent after a close")
                try require(trace.isClosed, "a close sent on an open connection")
                let parsed = Result { () throws(ProtocolViolation) in try ClosePayload(parsing: frame.payload) }
                guard case .success(let payload) = parsed else { throw FuzzFailure("an invalid close payload sent") }
                if let failure = trace.failure {
                    try require(payload.code == failure.closeCode, "close code \(String(describing: payload.code)) sent for \(failure)")
                }
            default:
                throw FuzzFailure("the connection sent a \(frame.header.opcode) frame it was never asked to")
            }
        }
        // Pings after a close or a violation in the same input are not answered.
        try require(pongs.count <= pings.count && Array(pings.prefix(pongs.count)) == pongs, "pongs do not echo the pings")
        if !trace.isClosed { try require(pongs == pings, "an open connection left a ping unanswered") }
    }
}
