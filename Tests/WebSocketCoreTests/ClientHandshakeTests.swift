import Foundation
import Testing
import WebSocketCore

/// The client side of the opening handshake (RFC 6455 §4.1).
@Suite("Client handshake")
struct ClientHandshakeTests {
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    /// A 101 response head for `handshake`, with edits applied.
    static func response(for handshake: ClientHandshake, edit: (inout HTTPHeaders) -> Void = { _ in }) -> HTTPResponseHead {
        var headers: HTTPHeaders = [
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Accept": handshake.expectedAccept,
        ]
        edit(&headers)
        return HTTPResponseHead(status: 101, reason: "Switching Protocols", headers: headers)
    }

    /// The error thrown validating `response`, or nil.
    static func failure(_ handshake: ClientHandshake, _ response: HTTPResponseHead) -> HandshakeResponseError? {
        do {
            _ = try handshake.validate(response)
            return nil
        } catch {
            return error
        }
    }

    @Test("RFC6455-4.1-CLIENT-REQUEST: the request is GET with Host, Upgrade, Connection, Key, Version 13, then offers, Origin and extras")
    func requestBytes() throws {
        let handshake = try ClientHandshake(
            host: "server.example.com", target: "/chat", subprotocols: ["chat", "superchat"],
            extensions: [ExtensionOffer(name: "permessage-deflate", parameters: [ExtensionParameter(name: "client_max_window_bits")])],
            origin: "http://example.com", extraHeaders: ["User-Agent": "test"], key: Self.sampleKey
        )
        let expected = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "Origin: http://example.com\r\nUser-Agent: test\r\n\r\n"
        #expect(String(decoding: handshake.requestBytes(), as: UTF8.self) == expected)

        // The server side accepts what the client sends.
        var parser = HTTPRequestHeadParser()
        guard case .complete(let head, _) = try parser.feed(handshake.requestBytes()) else {
            Issue.record("request did not parse")
            return
        }
        #expect(head == handshake.requestHead)
        let request = try ServerHandshake.validate(head)
        #expect(request.subprotocols == ["chat", "superchat"])
        #expect(request.extensions == handshake.extensions)
        #expect(request.origin == "http://example.com")
    }

    @Test("RFC6455-4.1-CLIENT-HOST-PORT: Host carries :port only when it differs from the scheme's default")
    func hostAndPort() throws {
        #expect(try ClientHandshake(host: "a.example", port: 80, key: Self.sampleKey).hostFieldValue == "a.example")
        #expect(try ClientHandshake(host: "a.example", port: 443, key: Self.sampleKey).hostFieldValue == "a.example:443")
        #expect(try ClientHandshake(host: "a.example", port: 443, isSecure: true, key: Self.sampleKey).hostFieldValue == "a.example")
        #expect(try ClientHandshake(host: "a.example", port: 80, isSecure: true, key: Self.sampleKey).hostFieldValue == "a.example:80")
        #expect(try ClientHandshake(host: "a.example", port: 8080, key: Self.sampleKey).hostFieldValue == "a.example:8080")
        #expect(try ClientHandshake(host: "a.example", key: Self.sampleKey).hostFieldValue == "a.example")
        #expect(try ClientHandshake(host: "::1", port: 9000, key: Self.sampleKey).hostFieldValue == "[::1]:9000")
        #expect(try ClientHandshake(host: "[::1]", key: Self.sampleKey).hostFieldValue == "[::1]")
        #expect(throws: HandshakeUsageError.invalidHost("a.example:80")) { try ClientHandshake(host: "a.example:80") }
        #expect(throws: HandshakeUsageError.invalidHost("")) { try ClientHandshake(host: "") }
        #expect(throws: HandshakeUsageError.invalidHost("a b")) { try ClientHandshake(host: "a b") }
        #expect(throws: HandshakeUsageError.invalidHost("a\r\nX: y")) { try ClientHandshake(host: "a\r\nX: y") }
        #expect(throws: HandshakeUsageError.invalidPort(0)) { try ClientHandshake(host: "a", port: 0) }
        #expect(throws: HandshakeUsageError.invalidPort(65536)) { try ClientHandshake(host: "a", port: 65536) }
    }

    @Test("RFC6455-4.1-CLIENT-KEY: the key is the Base64 of 16 bytes drawn from the generator, fresh for each handshake")
    func key() throws {
        var seeded = Xorshift64Star(seed: 42)
        let first = try ClientHandshake(host: "a", using: &seeded)
        let second = try ClientHandshake(host: "a", using: &seeded)
        #expect(Base64.decode(first.key)?.count == 16)
        #expect(first.key != second.key)
        var replay = Xorshift64Star(seed: 42)
        var expectedBytes: [UInt8] = []
        for _ in 0..<2 {
            let word = replay.next()
            for shift in stride(from: 0, to: 64, by: 8) { expectedBytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        #expect(Base64.decode(first.key) == expectedBytes)

        let system = try (0..<50).map { _ in try ClientHandshake(host: "a").key }
        #expect(Set(system).count == 50)
        #expect(system.allSatisfy { Base64.decode($0)?.count == 16 })
        #expect(throws: HandshakeUsageError.invalidKey("short")) { try ClientHandshake(host: "a", key: "short") }
    }

    @Test("WS-HANDSHAKE-HEADER-INJECTION: the client rejects bad targets, offers, origins and extra headers with typed errors")
    func requestBuildingErrors() {
        #expect(throws: HandshakeUsageError.invalidTarget("chat")) { try ClientHandshake(host: "a", target: "chat") }
        #expect(throws: HandshakeUsageError.invalidTarget("/a b")) { try ClientHandshake(host: "a", target: "/a b") }
        #expect(throws: HandshakeUsageError.invalidTarget("/a#b")) { try ClientHandshake(host: "a", target: "/a#b") }
        #expect(throws: HandshakeUsageError.invalidSubprotocol("a,b")) { try ClientHandshake(host: "a", subprotocols: ["a,b"]) }
        #expect(throws: HandshakeUsageError.invalidSubprotocol("x")) { try ClientHandshake(host: "a", subprotocols: ["x", "x"]) }
        #expect(throws: HandshakeUsageError.invalidSubprotocol("")) { try ClientHandshake(host: "a", subprotocols: [""]) }
        #expect(throws: HandshakeUsageError.invalidExtensionOffer("a;b")) {
            try ClientHandshake(host: "a", extensions: [ExtensionOffer(name: "a;b")])
        }
        #expect(throws: HandshakeUsageError.invalidOrigin("o\n")) { try ClientHandshake(host: "a", origin: "o\n") }
        #expect(throws: HandshakeUsageError.invalidHeader(name: "X")) { try ClientHandshake(host: "a", extraHeaders: ["X": "1\r\n2"]) }
        #expect(throws: HandshakeUsageError.invalidHeader(name: "X:")) { try ClientHandshake(host: "a", extraHeaders: ["X:": "1"]) }
        #expect(throws: HandshakeUsageError.reservedHeader(name: "upgrade")) { try ClientHandshake(host: "a", extraHeaders: ["upgrade": "h2c"]) }
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-STATUS: a status other than 101 fails the handshake")
    func status() throws {
        let handshake = try ClientHandshake(host: "a", key: Self.sampleKey)
        var response = Self.response(for: handshake)
        #expect(Self.failure(handshake, response) == nil)
        response.status = 200
        response.reason = "OK"
        #expect(Self.failure(handshake, response) == .unexpectedStatus(200, reason: "OK"))
        response.status = 426
        #expect(Self.failure(handshake, response) == .unexpectedStatus(426, reason: "OK"))
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-UPGRADE: Upgrade must be websocket (case-insensitive)")
    func upgrade() throws {
        let handshake = try ClientHandshake(host: "a", key: Self.sampleKey)
        #expect(Self.failure(handshake, Self.response(for: handshake) { $0.removeAll(named: "Upgrade") }) == .upgradeNotWebSocket(nil))
        let other = Self.response(for: handshake) { $0.removeAll(named: "Upgrade"); $0.append(name: "Upgrade", value: "h2c") }
        #expect(Self.failure(handshake, other) == .upgradeNotWebSocket("h2c"))
        let both = Self.response(for: handshake) { $0.append(name: "Upgrade", value: "h2c") }
        #expect(Self.failure(handshake, both) == .upgradeNotWebSocket("websocket, h2c"))
        let cased = Self.response(for: handshake) { $0.removeAll(named: "Upgrade"); $0.append(name: "upgrade", value: "WebSocket") }
        #expect(Self.failure(handshake, cased) == nil)
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-CONNECTION: Connection must list Upgrade (case-insensitive)")
    func connection() throws {
        let handshake = try ClientHandshake(host: "a", key: Self.sampleKey)
        #expect(Self.failure(handshake, Self.response(for: handshake) { $0.removeAll(named: "Connection") }) == .connectionNotUpgrade)
        let listed = Self.response(for: handshake) { $0.removeAll(named: "Connection"); $0.append(name: "Connection", value: "keep-alive, upgrade") }
        #expect(Self.failure(handshake, listed) == nil)
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-ACCEPT: Sec-WebSocket-Accept must equal Base64(SHA-1(key + GUID))")
    func accept() throws {
        let handshake = try ClientHandshake(host: "server.example.com", key: Self.sampleKey)
        #expect(handshake.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(Self.failure(handshake, Self.response(for: handshake) { $0.removeAll(named: "Sec-WebSocket-Accept") }) == .missingAccept)
        let wrong = Self.response(for: handshake) {
            $0.removeAll(named: "Sec-WebSocket-Accept")
            $0.append(name: "Sec-WebSocket-Accept", value: "S3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        }
        #expect(Self.failure(handshake, wrong) == .acceptMismatch(expected: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", received: "S3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        let twice = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Accept", value: handshake.expectedAccept) }
        #expect(Self.failure(handshake, twice) != nil)
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-ACCEPT: for random keys the server's accept value is what the client expects")
    func randomKeysRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let handshake = try ClientHandshake(host: "example.com", port: 8080, target: "/ws?x=1", subprotocols: ["b", "a"], using: &generator)
            var parser = HTTPRequestHeadParser()
            guard case .complete(let head, _) = try parser.feed(handshake.requestBytes()) else {
                Issue.record("request did not parse")
                return
            }
            let request = try ServerHandshake.validate(head)
            #expect(request.acceptValue == handshake.expectedAccept)
            #expect(request.path == "/ws" && request.query == "x=1" && request.host == "example.com:8080")
            let chosen = ServerHandshake.selectSubprotocol(offered: request.subprotocols, supported: ["a", "b"])
            var responseParser = HTTPResponseHeadParser()
            guard case .complete(let response, _) = try responseParser.feed(request.acceptResponse(subprotocol: chosen)) else {
                Issue.record("response did not parse")
                return
            }
            let result = try handshake.validate(response)
            #expect(result.subprotocol == "a")
            #expect(result.extensions.isEmpty)
        }
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-SUBPROTOCOL: a subprotocol must be one we offered, and only one")
    func subprotocol() throws {
        let handshake = try ClientHandshake(host: "a", subprotocols: ["chat", "superchat"], key: Self.sampleKey)
        let good = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Protocol", value: "superchat") }
        #expect(try handshake.validate(good).subprotocol == "superchat")
        #expect(try handshake.validate(Self.response(for: handshake)).subprotocol == nil)
        let unoffered = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Protocol", value: "mqtt") }
        #expect(Self.failure(handshake, unoffered) == .unofferedSubprotocol("mqtt"))
        let cased = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Protocol", value: "Chat") }
        #expect(Self.failure(handshake, cased) == .unofferedSubprotocol("Chat"))
        let empty = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Protocol", value: "") }
        #expect(Self.failure(handshake, empty) == .unofferedSubprotocol(""))
        let list = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Protocol", value: "chat, superchat") }
        #expect(Self.failure(handshake, list) == .multipleSubprotocols(["chat", "superchat"]))
        let repeated = Self.response(for: handshake) {
            $0.append(name: "Sec-WebSocket-Protocol", value: "chat")
            $0.append(name: "Sec-WebSocket-Protocol", value: "chat")
        }
        #expect(Self.failure(handshake, repeated) == .multipleSubprotocols(["chat", "chat"]))
        let none = try ClientHandshake(host: "a", key: Self.sampleKey)
        let anything = Self.response(for: none) { $0.append(name: "Sec-WebSocket-Protocol", value: "chat") }
        #expect(Self.failure(none, anything) == .unofferedSubprotocol("chat"))
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-EXTENSIONS: accepted extensions must be ones we offered; their parameters are returned")
    func extensions() throws {
        let offers = [ExtensionOffer(name: "permessage-deflate", parameters: [ExtensionParameter(name: "client_max_window_bits")])]
        let handshake = try ClientHandshake(host: "a", extensions: offers, key: Self.sampleKey)
        let good = Self.response(for: handshake) {
            $0.append(name: "Sec-WebSocket-Extensions", value: "permessage-deflate; client_max_window_bits=\"10\"")
        }
        let accepted = try handshake.validate(good).extensions
        #expect(accepted == [ExtensionOffer(name: "permessage-deflate", parameters: [ExtensionParameter(name: "client_max_window_bits", value: "10")])])
        let unoffered = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Extensions", value: "x-webkit-deflate-frame") }
        #expect(Self.failure(handshake, unoffered) == .unofferedExtension("x-webkit-deflate-frame"))
        let malformed = Self.response(for: handshake) { $0.append(name: "Sec-WebSocket-Extensions", value: "permessage-deflate;") }
        #expect(Self.failure(handshake, malformed) == .malformedExtensions(.invalidParameterName(offset: 19)))
        let none = try ClientHandshake(host: "a", key: Self.sampleKey)
        #expect(Self.failure(none, good) == .unofferedExtension("permessage-deflate"))
    }

    @Test("RFC6455-4.1-CLIENT-VALIDATE-STATUS: the RFC 6455 §1.3 sample response validates for the sample key")
    func rfcSampleResponse() throws {
        struct RFCFile: Decodable { var response: String }
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        let handshake = try ClientHandshake(host: "server.example.com", target: "/chat", subprotocols: ["chat", "superchat"], key: Self.sampleKey)
        var parser = HTTPResponseHeadParser()
        let stream = Array(file.response.utf8) + [0x81, 0x00]
        guard case .complete(let response, let consumed) = try parser.feed(stream) else {
            Issue.record("sample response did not parse")
            return
        }
        #expect(consumed == stream.count - 2)
        #expect(try handshake.validate(response).subprotocol == "chat")
        #expect(!HandshakeResponseError.missingAccept.description.isEmpty)
    }
}
