import Testing
import WebSocketCore

/// A test extension factory: accepts offers named `x-test` with an optional `level` parameter.
private struct TestFactory: WebSocketExtensionFactory {
    let name = "x-test"
    func clientOffers() -> [ExtensionOffer] {
        [ExtensionOffer(name: "x-test", parameters: [ExtensionParameter(name: "level", value: "3")])]
    }
    func clientAccept(_ response: ExtensionOffer) throws(ExtensionNegotiationError) -> any WebSocketExtension {
        guard response.parameters.allSatisfy({ $0.name == "level" }) else {
            throw ExtensionNegotiationError(extensionName: name, reason: "unknown parameter")
        }
        return NoOpExtension()
    }
    func serverAccept(_ offers: [ExtensionOffer]) -> (response: ExtensionOffer, instance: any WebSocketExtension)? {
        guard let offer = offers.first(where: { $0.parameters.allSatisfy { $0.name == "level" } }) else { return nil }
        return (ExtensionOffer(name: "x-test", parameters: offer.parameters), NoOpExtension())
    }
}

private final class NoOpExtension: WebSocketExtension {
    let name = "x-test"
    let reservedBits: ReservedBits = .rsv2
    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { bits.contains(.rsv2) }
    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {
        output.append(contentsOf: input)
        if output.count > limit { throw .messageTooLarge(limit: limit) }
    }
    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) { (payload, []) }
}

private let sampleRequest = """
    GET /chat?room=7 HTTP/1.1\r
    Host: server.example.com\r
    Upgrade: websocket\r
    Connection: keep-alive, Upgrade\r
    Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
    Origin: http://example.com\r
    Sec-WebSocket-Protocol: chat, superchat\r
    Sec-WebSocket-Extensions: x-test; level=3, x-unknown\r
    Sec-WebSocket-Version: 13\r
    \r

    """

@Suite struct ConnectionHandshakeTests {
    @Test("WS-HANDSHAKE-PENDING: accept negotiates subprotocol and extensions; reject answers with a status")
    func acceptAndReject() throws {
        var reader = try ServerHandshakeReader(extensions: [TestFactory()])
        guard case .upgradeRequested(let pending) = reader.receive(Array(sampleRequest.utf8)) else {
            Issue.record("no upgrade request")
            return
        }
        #expect(pending.request.path == "/chat")
        #expect(pending.request.query == "room=7")
        #expect(pending.request.origin == "http://example.com")
        #expect(pending.request.subprotocols == ["chat", "superchat"])
        let open = pending.accept(try UpgradeResponse(supportedSubprotocols: ["superchat", "chat"], extraHeaders: ["X-Served-By": "test"]))
        #expect(open.subprotocol == "superchat")
        #expect(open.extensionNames == ["x-test"])
        let response = String(decoding: open.takeOutboundBytes(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        #expect(response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        #expect(response.contains("Sec-WebSocket-Protocol: superchat\r\n"))
        #expect(response.contains("Sec-WebSocket-Extensions: x-test; level=3\r\n"))
        #expect(response.contains("X-Served-By: test\r\n"))
        _ = open.abort()

        var second = try ServerHandshakeReader()
        guard case .upgradeRequested(let other) = second.receive(Array(sampleRequest.utf8)) else { Issue.record("no request"); return }
        let rejected = other.reject(status: 401, reason: "Unauthorized", body: "no token")
        let text = String(decoding: rejected.takeOutboundBytes(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(text.hasSuffix("\r\n\r\nno token"))
        #expect(throws: HandshakeUsageError.self) { try UpgradeResponse(extraHeaders: ["Sec-WebSocket-Accept": "x"]) }
    }

    @Test("WS-HANDSHAKE-MALFORMED: garbage is answered 400 and an oversized head 431")
    func malformed() throws {
        var reader = try ServerHandshakeReader()
        guard case .rejected(let rejection, let head, let response) = reader.receive(Array("\u{1}\u{2}garbage\r\n\r\n".utf8)) else {
            Issue.record("garbage accepted")
            return
        }
        #expect(rejection.status == 400)
        #expect(head == nil)
        #expect(String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 400 "))
        var limits = Limits()
        limits.maximumHandshakeSize = 100
        var small = try ServerHandshakeReader(configuration: ConnectionConfiguration(limits: limits))
        guard case .rejected(let big, _, _) = small.receive(Array(sampleRequest.utf8)) else { Issue.record("accepted"); return }
        #expect(big.status == 431)
    }

    @Test("WS-HANDSHAKE-ROUTE-HTTP: a plain GET is rejected with its head, for an HTTP handler")
    func plainHTTP() throws {
        var reader = try ServerHandshakeReader()
        guard case .rejected(let rejection, let head, _) = reader.receive(Array("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) else {
            Issue.record("accepted a plain GET")
            return
        }
        #expect(rejection == .upgradeNotWebSocket || rejection == .connectionNotUpgrade || rejection.status == 426)
        #expect(head?.path == "/index.html")
    }

    @Test("WS-HANDSHAKE-LEFTOVER: frames in the same read as the head are processed, on both sides")
    func leftover() throws {
        var reader = try ServerHandshakeReader()
        let bytes = Array(sampleRequest.utf8) + clientFrame(.text, Array("early".utf8))
        guard case .upgradeRequested(let pending) = reader.receive(bytes) else { Issue.record("no request"); return }
        let open = pending.accept()
        let buffered = open.hasBufferedInput
        #expect(buffered)
        var events: [ConnectionEvent] = []
        switch open.receive([], into: &events) {
        case .open(let c): _ = c.abort()
        case .closed: Issue.record("closed")
        }
        #expect(events == [.message(.text("early"))])

        var driver = try ClientHandshakeDriver(handshake: ClientHandshake(host: "example.com", target: "/"))
        let request = driver.requestBytes
        var serverReader = try ServerHandshakeReader()
        guard case .upgradeRequested(let serverPending) = serverReader.receive(request) else { Issue.record("bad request"); return }
        var server = serverPending.accept()
        try server.send(text: "welcome")
        guard case .opened(let client) = driver.receive(server.takeOutboundBytes()) else { Issue.record("not opened"); return }
        _ = server.abort()
        var clientEvents: [ConnectionEvent] = []
        switch client.receive([], into: &clientEvents) {
        case .open(let c): _ = c.abort()
        case .closed: Issue.record("closed")
        }
        #expect(clientEvents == [.message(.text("welcome"))])
    }

    @Test("WS-HANDSHAKE-CLIENT-DRIVER: offers, validation and typed failures on the client side")
    func clientDriver() throws {
        var driver = try ClientHandshakeDriver(
            handshake: ClientHandshake(
                host: "example.com", port: 8080, target: "/ws", subprotocols: ["chat"], extensions: TestFactory().clientOffers()),
            extensions: [TestFactory()])
        let request = String(decoding: driver.requestBytes, as: UTF8.self)
        #expect(request.hasPrefix("GET /ws HTTP/1.1\r\n"))
        #expect(request.contains("Host: example.com:8080\r\n"))
        #expect(request.contains("Sec-WebSocket-Extensions: x-test; level=3\r\n"))
        let key = driver.handshake.key
        let good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(ServerHandshake.acceptValue(forKey: key))\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: x-test\r\n\r\n"
        guard case .opened(let open) = driver.receive(Array(good.utf8)) else { Issue.record("not opened"); return }
        #expect(open.subprotocol == "chat")
        #expect(open.extensionNames == ["x-test"])
        _ = open.abort()

        var refused = try ClientHandshakeDriver(
            handshake: ClientHandshake(host: "example.com", extensions: TestFactory().clientOffers()), extensions: [TestFactory()])
        let bad = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(ServerHandshake.acceptValue(forKey: refused.handshake.key))\r\nSec-WebSocket-Extensions: x-test; window=9\r\n\r\n"
        guard case .failed(.extensionRefused) = refused.receive(Array(bad.utf8)) else { Issue.record("accepted bad parameters"); return }

        var denied = try ClientHandshakeDriver(handshake: ClientHandshake(host: "example.com"))
        guard case .failed(.rejected(.unexpectedStatus(403, _))) = denied.receive(Array("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".utf8)) else {
            Issue.record("403 not reported")
            return
        }
        var garbled = try ClientHandshakeDriver(handshake: ClientHandshake(host: "example.com"))
        guard case .failed(.malformedResponse) = garbled.receive(Array("NOT HTTP\r\n\r\n".utf8)) else { Issue.record("garbage accepted"); return }
    }

    @Test("RFC6455-9.1-EXTENSION-NEGOTIATION: one offer per extension is accepted; unknown ones are declined")
    func negotiation() throws {
        var reader = try ServerHandshakeReader(extensions: [TestFactory()])
        let request = sampleRequest.replacingOccurrences(of: "x-test; level=3, x-unknown", with: "x-test; bogus=1, x-test; level=2, x-test; level=5")
        guard case .upgradeRequested(let pending) = reader.receive(Array(request.utf8)) else { Issue.record("no request"); return }
        let open = pending.accept()
        let text = String(decoding: open.takeOutboundBytes(), as: UTF8.self)
        #expect(text.contains("Sec-WebSocket-Extensions: x-test; level=2\r\n"), "the first acceptable offer, once")
        #expect(!text.contains("level=5"))
        _ = open.abort()
        var none = try ServerHandshakeReader()
        guard case .upgradeRequested(let plain) = none.receive(Array(sampleRequest.utf8)) else { Issue.record("no request"); return }
        let plainOpen = plain.accept()
        #expect(!String(decoding: plainOpen.takeOutboundBytes(), as: UTF8.self).contains("Sec-WebSocket-Extensions"))
        _ = plainOpen.abort()
    }
}
