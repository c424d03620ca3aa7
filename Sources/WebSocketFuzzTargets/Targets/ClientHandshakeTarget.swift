import WebSocketCore
import WebSocketProperties
import WebSocketDeflate

/// `ClientHandshakeDriver` on arbitrary server bytes: the HTTP response head parser, the response validation and
/// the extension negotiation, then the open connection on whatever followed the head.
///
/// Configuration: byte 0 selects a permessage-deflate offer (bit 0), subprotocol offers (bit 1), tight head limits
/// (bit 4) and the chunking (bits 5–7). Invariants: chunked input gives the same outcome as whole input; an opened
/// connection answered status 101 with the right `Sec-WebSocket-Accept`, a subprotocol and extensions that were
/// offered; a malformed response is exactly one the standalone head parser rejects with the same error; an
/// incomplete response has no blank line and fits the limit.
enum ClientHandshakeTarget {
    /// The RFC 6455 §1.3 example key and its accept value.
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    static let subprotocols = ["chat", "superchat"]

    enum Outcome: Equatable {
        case incomplete
        case failed(ClientHandshakeFailure)
        case opened(subprotocol: String?, extensions: [String], trace: ConnectionTrace)
    }

    struct Setup {
        var configuration = ConnectionConfiguration()
        var factories: [any WebSocketExtensionFactory] = []
        var subprotocols: [String] = []

        init(_ c0: UInt8) {
            if c0 & 1 != 0 { factories = [PerMessageDeflate()] }
            if c0 & 2 != 0 { subprotocols = ClientHandshakeTarget.subprotocols }
            if c0 & 0x10 != 0 {
                configuration.limits.maximumHandshakeSize = 256
                configuration.limits.maximumHeaderCount = 8
            }
        }

        func driver() throws(FuzzFailure) -> ClientHandshakeDriver {
            do {
                let handshake = try ClientHandshake(
                    host: "server.example.com", subprotocols: subprotocols,
                    extensions: factories.flatMap { $0.clientOffers() }, key: ClientHandshakeTarget.key)
                return try ClientHandshakeDriver(
                    handshake: handshake, configuration: configuration, extensions: factories,
                    keySource: CountingMaskingKeySource())
            } catch {
                throw FuzzFailure("the fixed client handshake is invalid: \(error)")
            }
        }
    }

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte()
        let setup = Setup(c0)
        let bytes = input.rest()
        let whole = try outcome(of: [bytes], setup)
        let chunk = Chunking.sizes[Int(c0 >> 5)]
        let chunked = try outcome(of: Chunking.pieces(of: bytes, size: chunk == 0 ? 11 : chunk), setup)
        try require(whole == chunked, "chunked input (\(chunk)) gives another outcome than whole input")

        var parser = HTTPResponseHeadParser(
            maximumHeadSize: setup.configuration.limits.maximumHandshakeSize,
            maximumHeaderCount: setup.configuration.limits.maximumHeaderCount)
        let standalone = Result { () throws(HTTPHeadError) in try parser.feed(bytes) }
        switch whole {
        case .incomplete:
            try require(!HeadBytes.containsBlankLine(bytes), "a complete head reported as incomplete")
            try require(bytes.count <= setup.configuration.limits.maximumHandshakeSize, "a head over the limit kept buffering")
        case .failed(.malformedResponse(let error)):
            guard case .failure(let same) = standalone, same == error else {
                throw FuzzFailure("the driver found \(error), the standalone parser did not")
            }
        case .failed:
            guard case .success(.complete) = standalone else { throw FuzzFailure("a rejected response does not parse") }
        case .opened(let subprotocol, let extensions, _):
            guard case .success(.complete(let head, _)) = standalone else { throw FuzzFailure("an accepted response does not parse") }
            try require(head.status == 101, "status \(head.status) opened the connection")
            try require(head.headers.values("Sec-WebSocket-Accept") == [accept], "a wrong Sec-WebSocket-Accept opened the connection")
            try require(subprotocol == nil || setup.subprotocols.contains(subprotocol!), "an unoffered subprotocol was agreed")
            let offered = setup.factories.map(\.name)
            try require(extensions.allSatisfy(offered.contains), "an unoffered extension was agreed")
        }
    }

    static func outcome(of pieces: [[UInt8]], _ setup: Setup) throws(FuzzFailure) -> Outcome {
        var driver = try setup.driver()
        for (index, piece) in pieces.enumerated() {
            switch driver.receive(piece) {
            case .needMoreData:
                continue
            case .failed(let failure):
                return .failed(failure)
            case .opened(let open):
                let subprotocol = open.subprotocol
                let names = open.extensionNames
                let trace = ConnectionTrace.run(Array(pieces[(index + 1)...]), on: open)
                return .opened(subprotocol: subprotocol, extensions: names, trace: trace)
            }
        }
        return .incomplete
    }
}
