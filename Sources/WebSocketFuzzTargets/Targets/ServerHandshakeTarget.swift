import WebSocketCore
import WebSocketProperties
import WebSocketDeflate

/// `ServerHandshakeReader` on arbitrary client bytes: the HTTP request head parser, the upgrade validation, then
/// `accept` and the open connection on whatever followed the head.
///
/// Configuration: byte 0 selects permessage-deflate on the server (bit 0), a supported subprotocol (bit 1), tight
/// head limits (bit 4) and the chunking (bits 5–7). Invariants: chunked input gives the same outcome, response and
/// connection trace as whole input; an incomplete head has no blank line and fits the limit; a rejection's response
/// is an HTTP response with the rejection's status, and carries the parsed head exactly when the HTTP was valid; an
/// accepted request has a 16-byte key, and its 101 response opens a client that made the same offers.
enum ServerHandshakeTarget {
    enum Outcome: Equatable {
        case incomplete
        case rejected(HandshakeRejection, head: HTTPRequestHead?, response: [UInt8])
        case upgraded(UpgradeRequest, response: [UInt8], trace: ConnectionTrace)
    }

    struct Setup {
        var configuration = ConnectionConfiguration()
        var factories: [any WebSocketExtensionFactory] = []
        var response = UpgradeResponse()

        init(_ c0: UInt8) {
            if c0 & 1 != 0 { factories = [PerMessageDeflate()] }
            if c0 & 2 != 0, let chat = try? UpgradeResponse(supportedSubprotocols: ["chat"]) { response = chat }
            if c0 & 0x10 != 0 {
                configuration.limits.maximumHandshakeSize = 256
                configuration.limits.maximumHeaderCount = 8
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
        let chunked = try outcome(of: Chunking.pieces(of: bytes, size: chunk == 0 ? 9 : chunk), setup)
        try require(whole == chunked, "chunked input (\(chunk)) gives another outcome than whole input")

        switch whole {
        case .incomplete:
            try require(!HeadBytes.containsBlankLine(bytes), "a complete head reported as incomplete")
            try require(bytes.count <= setup.configuration.limits.maximumHandshakeSize, "a head over the limit kept buffering")
        case .rejected(let rejection, let head, let response):
            if case .malformedRequest = rejection {
                try require(head == nil, "a malformed request came with a head")
            } else {
                try require(head != nil, "a valid HTTP request came without its head")
            }
            let parsed = parseResponse(response)
            try require(parsed?.status == rejection.status, "the rejection response does not parse with status \(rejection.status)")
        case .upgraded(let request, let response, _):
            try require(Base64.decode(request.key)?.count == 16, "an upgrade with a bad key accepted")
            try require(!request.host.isEmpty, "an upgrade without a host accepted")
            try checkClient(request: request, response: response, setup: setup)
        }
    }

    /// Feeds `pieces` to a reader; after the head, the rest goes to the accepted connection.
    static func outcome(of pieces: [[UInt8]], _ setup: Setup) throws(FuzzFailure) -> Outcome {
        var reader: ServerHandshakeReader
        do {
            reader = try ServerHandshakeReader(configuration: setup.configuration, extensions: setup.factories)
        } catch {
            throw FuzzFailure("the target's configuration was refused: \(error)")
        }
        for (index, piece) in pieces.enumerated() {
            switch reader.receive(piece) {
            case .needMoreData:
                continue
            case .rejected(let rejection, let head, let response):
                return .rejected(rejection, head: head, response: response)
            case .upgradeRequested(let pending):
                let request = pending.request
                let open = pending.accept(setup.response)
                let response = open.takeOutboundBytes()
                let trace = ConnectionTrace.run(Array(pieces[(index + 1)...]), on: open)
                return .upgraded(request, response: response, trace: trace)
            }
        }
        return .incomplete
    }

    static func parseResponse(_ bytes: [UInt8]) -> HTTPResponseHead? {
        var parser = HTTPResponseHeadParser()
        guard case .complete(let head, _)? = try? parser.feed(bytes) else { return nil }
        return head
    }

    /// A client that offered what the request offered accepts the 101 response.
    static func checkClient(request: UpgradeRequest, response: [UInt8], setup: Setup) throws(FuzzFailure) {
        guard let head = parseResponse(response) else { throw FuzzFailure("the 101 response does not parse") }
        try require(head.status == 101, "accept answered \(head.status)")
        try require(head.headers.values("Sec-WebSocket-Accept") == [request.acceptValue], "wrong Sec-WebSocket-Accept")
        // A request may repeat a subprotocol or use a host form a client would not send: then there is no such client.
        guard let handshake = try? ClientHandshake(
            host: "example.com", subprotocols: request.subprotocols, extensions: request.extensions, key: request.key)
        else { return }
        var driver: ClientHandshakeDriver
        do {
            driver = try ClientHandshakeDriver(handshake: handshake, extensions: setup.factories)
        } catch {
            throw FuzzFailure("the default configuration was refused: \(error)")
        }
        switch driver.receive(response) {
        case .opened(let connection):
            try require(connection.subprotocol == head.headers.first("Sec-WebSocket-Protocol"), "subprotocol lost")
        case .needMoreData:
            throw FuzzFailure("the 101 response is incomplete")
        case .failed(.extensionRefused):
            // The offers came from the input, not from the client's factory, which may refuse what it never offered.
            break
        case .failed(let failure):
            throw FuzzFailure("a client with the same offers refused the 101 response: \(failure)")
        }
    }
}
