import PackageTestSupport
import Testing
import WebSocketCore
import WebSocketDeflate

/// The bugs the fuzzers found, checked directly on the library (their inputs are also replayed from
/// `Vectors/fuzz-regressions/`).
@Suite struct FuzzFindingTests {
    /// The events and close code of a server connection with permessage-deflate fed `pieces`.
    static func serverEvents(_ pieces: [[UInt8]]) throws -> (events: [ConnectionEvent], code: CloseCode?) {
        var connection = try Connection.established(
            role: .server, extensions: [PerMessageDeflateExtension(role: .server, settings: PerMessageDeflateSettings())])
        var events: [ConnectionEvent] = []
        for piece in pieces {
            switch connection.receive(piece, into: &events) {
            case .open(let next): connection = next
            case .closed(let closed): return (events, closed.closeCode)
            }
        }
        return (events, nil)
    }

    @Test("WS-FUZZ-CONNECTION-CHUNKING: a compressed text message reports the same violation however its bytes arrive")
    func compressedTextViolationIsChunkingIndependent() throws {
        // Vectors/fuzz-regressions/connection/deflate-chunked-close-reason without its configuration byte: a masked,
        // compressed text frame whose stream decodes to invalid UTF-8 and then refers too far back.
        let stream = [UInt8](hex: "c18737fffa213dc5b2ecf4fefd21c18530fa2103c1d1c335fa303d00000700")
        let whole = try Self.serverEvents([stream])
        #expect(whole.events == [.failed(.invalidUTF8)])
        #expect(whole.code == .invalidPayloadData)
        for size in [1, 2, 3, 5, 8] {
            let pieces = stride(from: 0, to: stream.count, by: size).map { Array(stream[$0..<min($0 + size, stream.count)]) }
            let chunked = try Self.serverEvents(pieces)
            #expect(chunked.events == whole.events, "pieces of \(size)")
            #expect(chunked.code == whole.code, "pieces of \(size)")
        }
    }

    @Test("WS-FUZZ-INFLATE-ERROR-OUTPUT: on an error the inflater has delivered every byte decoded before it")
    func inflateErrorOutputIsChunkingIndependent() {
        // Vectors/fuzz-regressions/inflate/limit-output-on-error: 0xAA bytes, window 10, cap 16, pieces of 8.
        let input = [UInt8](repeating: 0xAA, count: 38)
        func run(_ size: Int) -> (output: [UInt8], error: InflateError?) {
            var inflater = Inflater(windowBits: 10)
            var output: [UInt8] = []
            do throws(InflateError) {
                for start in stride(from: 0, to: input.count, by: size) {
                    try inflater.inflate(input[start..<min(start + size, input.count)], into: &output, limit: 16)
                }
                try inflater.finishMessage(into: &output, limit: 16)
            } catch {
                return (output, error)
            }
            return (output, nil)
        }
        let whole = run(input.count)
        #expect(whole.error == .outputLimitExceeded(limit: 16))
        #expect(whole.output.count > 0 && whole.output.count <= 16)
        for size in [1, 3, 8] {
            let chunked = run(size)
            #expect(chunked.output == whole.output && chunked.error == whole.error, "pieces of \(size)")
        }
    }
}

/// The client's extension check against a server that answers an offer in another case.
@Suite struct FuzzFindingHandshakeTests {
    @Test("WS-FUZZ-EXTENSION-NAME-CASE: a client accepts its offered extension named in another case")
    func extensionNamesCompareIgnoringCase() throws {
        let handshake = try ClientHandshake(
            host: "example.com", extensions: [ExtensionOffer(name: "Permessage-deflate")], key: "dGhlIHNhbXBsZSBub25jZQ==")
        let response = HTTPResponseHead(status: 101, reason: "Switching Protocols", headers: [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
            "Sec-WebSocket-Extensions": "permessage-deflate",
        ])
        let result = try handshake.validate(response)
        #expect(result.extensions.map(\.name) == ["permessage-deflate"])
        let other = HTTPResponseHead(status: 101, reason: "Switching Protocols", headers: [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
            "Sec-WebSocket-Extensions": "x-permessage-deflate",
        ])
        #expect(throws: HandshakeResponseError.unofferedExtension("x-permessage-deflate")) { try handshake.validate(other) }
    }
}
