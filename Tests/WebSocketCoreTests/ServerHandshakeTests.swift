import Foundation
import Testing
import WebSocketCore

/// The server side of the opening handshake (RFC 6455 §4.2).
@Suite("Server handshake")
struct ServerHandshakeTests {
    struct RFCFile: Decodable {
        struct AcceptExample: Decodable {
            var key: String
            var accept: String
        }
        struct RequestExpect: Decodable {
            var method: String
            var target: String
            var path: String
            var host: String
            var origin: String
            var subprotocols: [String]
            var key: String
        }
        var acceptExamples: [AcceptExample]
        var request: String
        var response: String
        var requestExpect: RequestExpect
    }

    struct RejectionFile: Decodable {
        struct Rejected: Decodable {
            var name: String
            var reason: String
            var status: Int
            var request: String
        }
        struct Accepted: Decodable {
            var name: String
            var request: String
        }
        var rejected: [Rejected]
        var accepted: [Accepted]
    }

    /// Parses a complete request head from text.
    static func head(_ text: String) throws -> HTTPRequestHead {
        var parser = HTTPRequestHeadParser()
        guard case .complete(let head, let consumed) = try parser.feed(Array(text.utf8)), consumed == text.utf8.count else {
            throw HTTPHeadError.invalidRequestLine
        }
        return head
    }

    /// The rejection thrown for `head`, or nil when it is accepted.
    static func rejection(_ head: HTTPRequestHead) -> HandshakeRejection? {
        do {
            _ = try ServerHandshake.validate(head)
            return nil
        } catch {
            return error
        }
    }

    /// The case name of a rejection, as written in the vector file.
    static func caseName(_ rejection: HandshakeRejection) -> String {
        switch rejection {
        case .methodNotAllowed: "methodNotAllowed"
        case .unsupportedHTTPVersion: "unsupportedHTTPVersion"
        case .missingHost: "missingHost"
        case .multipleHosts: "multipleHosts"
        case .upgradeNotWebSocket: "upgradeNotWebSocket"
        case .connectionNotUpgrade: "connectionNotUpgrade"
        case .unsupportedWebSocketVersion: "unsupportedWebSocketVersion"
        case .missingKey: "missingKey"
        case .multipleKeys: "multipleKeys"
        case .invalidKey: "invalidKey"
        case .invalidSubprotocol: "invalidSubprotocol"
        case .malformedExtensions: "malformedExtensions"
        case .malformedRequest: "malformedRequest"
        }
    }

    /// Splits a rendered response into its head text and body bytes.
    static func split(_ bytes: [UInt8]) -> (head: String, body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        for index in 0...(bytes.count - 4) where Array(bytes[index..<(index + 4)]) == separator {
            return (String(decoding: bytes[..<(index + 4)], as: UTF8.self), Array(bytes[(index + 4)...]))
        }
        return (String(decoding: bytes, as: UTF8.self), [])
    }

    @Test("RFC6455-4.2.2-ACCEPT: Sec-WebSocket-Accept is Base64(SHA-1(key + GUID)); the §1.3 key gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    func acceptValue() throws {
        #expect(ServerHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        #expect(file.acceptExamples.count > 10)
        for example in file.acceptExamples {
            #expect(ServerHandshake.acceptValue(forKey: example.key) == example.accept)
        }
    }

    @Test("RFC6455-4.2.1-ORIGIN: the RFC 6455 §1.3 sample request validates, with path, host, origin, key and subprotocols")
    func rfcSampleRequest() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        let request = try ServerHandshake.validate(Self.head(file.request))
        let expect = file.requestExpect
        #expect(request.head.method == expect.method && request.head.target == expect.target)
        #expect(request.path == expect.path && request.query == nil)
        #expect(request.host == expect.host)
        #expect(request.origin == expect.origin)
        #expect(request.subprotocols == expect.subprotocols)
        #expect(request.key == expect.key)
        #expect(request.extensions.isEmpty)
        #expect(request.headers.first("Sec-WebSocket-Version") == "13")
    }

    @Test("RFC6455-4.2.2-RESPONSE-101: the 101 response for the §1.3 sample is byte-for-byte the RFC's response")
    func rfcSampleResponse() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        let request = try ServerHandshake.validate(Self.head(file.request))
        let chosen = ServerHandshake.selectSubprotocol(offered: request.subprotocols, supported: ["chat"])
        let bytes = try request.acceptResponse(subprotocol: chosen)
        #expect(String(decoding: bytes, as: UTF8.self) == file.response)
    }

    @Test("RFC6455-4.2.2-RESPONSE-101: the 101 response carries accepted extensions and extra headers after the handshake fields")
    func responseWithExtensions() throws {
        let key = "AQIDBAUGBwgJCgsMDQ4PEA=="
        let offers = [ExtensionOffer(name: "permessage-deflate", parameters: [ExtensionParameter(name: "server_no_context_takeover")])]
        let bytes = try ServerHandshake.acceptResponse(forKey: key, extensions: offers, extraHeaders: ["Server": "ws-test"])
        let expected = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(ServerHandshake.acceptValue(forKey: key))\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\nServer: ws-test\r\n\r\n"
        #expect(String(decoding: bytes, as: UTF8.self) == expected)

        let raw = try ServerHandshake.acceptResponse(forKey: key, subprotocol: nil, extensionHeaderValues: ["a", "b; c=1"])
        #expect(String(decoding: raw, as: UTF8.self).contains("Sec-WebSocket-Extensions: a\r\nSec-WebSocket-Extensions: b; c=1\r\n"))
    }

    @Test("WS-HANDSHAKE-HEADER-INJECTION: the server renderer rejects bad subprotocols, extension values and extra headers")
    func serverRenderingErrors() {
        let key = "AQIDBAUGBwgJCgsMDQ4PEA=="
        #expect(throws: HandshakeUsageError.invalidSubprotocol("a b")) { try ServerHandshake.acceptResponse(forKey: key, subprotocol: "a b") }
        #expect(throws: HandshakeUsageError.invalidExtensions("x; =")) {
            try ServerHandshake.acceptResponse(forKey: key, subprotocol: nil, extensionHeaderValues: ["x; ="])
        }
        #expect(throws: HandshakeUsageError.invalidExtensions("x\r\nEvil: 1")) {
            try ServerHandshake.acceptResponse(forKey: key, subprotocol: nil, extensionHeaderValues: ["x\r\nEvil: 1"])
        }
        #expect(throws: HandshakeUsageError.invalidExtensions("a b")) {
            try ServerHandshake.acceptResponse(forKey: key, extensions: [ExtensionOffer(name: "a b")])
        }
        #expect(throws: HandshakeUsageError.invalidHeader(name: "X")) {
            try ServerHandshake.acceptResponse(forKey: key, extraHeaders: ["X": "a\r\nSet-Cookie: b"])
        }
        #expect(throws: HandshakeUsageError.invalidHeader(name: "X Y")) {
            try ServerHandshake.acceptResponse(forKey: key, extraHeaders: ["X Y": "a"])
        }
        #expect(throws: HandshakeUsageError.reservedHeader(name: "sec-websocket-accept")) {
            try ServerHandshake.acceptResponse(forKey: key, extraHeaders: ["sec-websocket-accept": "a"])
        }
    }

    @Test("RFC6455-4.2.1-METHOD-GET: a method other than GET is answered 405 with Allow: GET")
    func methodGet() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.method = "POST"
        let rejection = try #require(Self.rejection(head))
        #expect(rejection == .methodNotAllowed(method: "POST"))
        #expect(rejection.status == 405)
        #expect(rejection.extraHeaders.first("Allow") == "GET")
        #expect(Self.split(rejection.responseBytes()).head.contains("\r\nAllow: GET\r\n"))
    }

    @Test("RFC6455-4.2.1-HTTP-VERSION: a request older than HTTP/1.1 is rejected with 400")
    func httpVersion() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.version = HTTPVersion(major: 1, minor: 0)
        #expect(Self.rejection(head) == .unsupportedHTTPVersion(HTTPVersion(major: 1, minor: 0)))
        head.version = HTTPVersion(major: 2, minor: 0)
        #expect(Self.rejection(head) == nil)
    }

    @Test("RFC6455-4.2.1-HOST: exactly one non-empty Host field is required")
    func host() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.removeAll(named: "Host")
        #expect(Self.rejection(head) == .missingHost)
        head.headers.append(name: "host", value: "")
        #expect(Self.rejection(head) == .missingHost)
        head.headers.append(name: "Host", value: "b")
        #expect(Self.rejection(head) == .multipleHosts)
    }

    @Test("RFC6455-4.2.1-UPGRADE: Upgrade must list websocket, case-insensitively, possibly among other tokens")
    func upgrade() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.removeAll(named: "Upgrade")
        #expect(Self.rejection(head) == .upgradeNotWebSocket)
        head.headers.append(name: "Upgrade", value: "websockets")
        #expect(Self.rejection(head) == .upgradeNotWebSocket)
        head.headers.append(name: "UPGRADE", value: "foo/2, WebSocket")
        #expect(Self.rejection(head) == nil)
    }

    @Test("RFC6455-4.2.1-CONNECTION: Connection must list the token Upgrade, case-insensitively")
    func connection() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.removeAll(named: "Connection")
        #expect(Self.rejection(head) == .connectionNotUpgrade)
        head.headers.append(name: "Connection", value: "keep-alive")
        #expect(Self.rejection(head) == .connectionNotUpgrade)
        head.headers.append(name: "connection", value: "UPGRADE")
        #expect(Self.rejection(head) == nil)
    }

    @Test("RFC6455-4.2.1-KEY: exactly one Sec-WebSocket-Key that is strict Base64 of 16 bytes")
    func key() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.removeAll(named: "Sec-WebSocket-Key")
        #expect(Self.rejection(head) == .missingKey)
        head.headers.append(name: "Sec-WebSocket-Key", value: "AQIDBAUGBwgJCgsMDQ4P")
        #expect(Self.rejection(head) == .invalidKey("AQIDBAUGBwgJCgsMDQ4P"))
        head.headers.append(name: "Sec-WebSocket-Key", value: "AQIDBAUGBwgJCgsMDQ4PEA==")
        #expect(Self.rejection(head) == .multipleKeys)
        head.headers.removeAll(named: "Sec-WebSocket-Key")
        head.headers.append(name: "Sec-WebSocket-Key", value: "AQIDBAUGBwgJCgsMDQ4PEB==") // non-canonical
        #expect(Self.rejection(head) == .invalidKey("AQIDBAUGBwgJCgsMDQ4PEB=="))
    }

    @Test("RFC6455-4.2.2-VERSION-426: a missing or wrong version is answered 426 with Sec-WebSocket-Version: 13")
    func version426() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.removeAll(named: "Sec-WebSocket-Version")
        #expect(Self.rejection(head) == .unsupportedWebSocketVersion(nil))
        head.headers.append(name: "Sec-WebSocket-Version", value: "8")
        let rejection = try #require(Self.rejection(head))
        #expect(rejection == .unsupportedWebSocketVersion("8"))
        #expect(rejection.status == 426)
        let (text, _) = Self.split(rejection.responseBytes())
        #expect(text.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
        #expect(text.contains("\r\nSec-WebSocket-Version: 13\r\n"))
    }

    @Test("RFC6455-4.2.1-SUBPROTOCOL-SYNTAX: Sec-WebSocket-Protocol elements across repeated headers must be tokens")
    func subprotocolSyntax() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.append(name: "Sec-WebSocket-Protocol", value: "v2.chat ,  , mqtt")
        #expect(try ServerHandshake.validate(head).subprotocols == ["chat", "superchat", "v2.chat", "mqtt"])
        head.headers.append(name: "Sec-WebSocket-Protocol", value: "a/b")
        #expect(Self.rejection(head) == .invalidSubprotocol("a/b"))
    }

    @Test("RFC6455-9.1-EXTENSION-GRAMMAR: the server parses offered extensions and rejects a malformed header with 400")
    func offeredExtensions() throws {
        let file = try PackageFiles.vectorJSON("handshake-rfc6455.json", as: RFCFile.self)
        var head = try Self.head(file.request)
        head.headers.append(name: "Sec-WebSocket-Extensions", value: "permessage-deflate; client_max_window_bits")
        head.headers.append(name: "Sec-WebSocket-Extensions", value: "x-foo; a=\"1\"")
        let request = try ServerHandshake.validate(head)
        #expect(request.extensions.map(\.name) == ["permessage-deflate", "x-foo"])
        #expect(request.extensions[1].parameter("a")?.value == "1")
        head.headers.append(name: "Sec-WebSocket-Extensions", value: "bad;")
        #expect(Self.rejection(head) == .malformedExtensions(.invalidParameterName(offset: 4)))
        #expect(Self.rejection(head)?.status == 400)
    }

    @Test("WS-HANDSHAKE-REJECTION-RESPONSE: every rejection reason in the vectors gets its status and a complete HTTP/1.1 response")
    func rejectionVectors() throws {
        let file = try PackageFiles.vectorJSON("handshake-rejections.json", as: RejectionFile.self)
        var seen = Set<String>()
        for example in file.rejected {
            let rejection = try #require(Self.rejection(Self.head(example.request)), "\(example.name) was accepted")
            #expect(Self.caseName(rejection) == example.reason, "\(example.name)")
            #expect(rejection.status == example.status, "\(example.name)")
            seen.insert(Self.caseName(rejection))

            let (text, body) = Self.split(rejection.responseBytes())
            #expect(text.hasPrefix("HTTP/1.1 \(example.status) \(rejection.reasonPhrase)\r\n"))
            #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
            #expect(text.contains("\r\nContent-Length: \(body.count)\r\n"))
            #expect(text.contains("\r\nConnection: close\r\n"))
            #expect(String(decoding: body, as: UTF8.self) == rejection.description + "\n")

            // The rendered response is itself a well-formed head that our own parser reads back.
            var parser = HTTPResponseHeadParser()
            guard case .complete(let response, let consumed) = try parser.feed(rejection.responseBytes()) else {
                Issue.record("response head did not parse")
                continue
            }
            #expect(response.status == example.status && consumed == text.utf8.count)
        }
        #expect(seen.count == 12, "every HandshakeRejection case is covered: \(seen.sorted())")
        for example in file.accepted {
            #expect(Self.rejection(try Self.head(example.request)) == nil, "\(example.name)")
        }
    }

    @Test("RFC6455-4.2.2-SUBPROTOCOL: the server picks the first of its own preferences that the client offered")
    func subprotocolSelection() {
        #expect(ServerHandshake.selectSubprotocol(offered: ["chat", "superchat"], supported: ["superchat", "chat"]) == "superchat")
        #expect(ServerHandshake.selectSubprotocol(offered: ["chat", "superchat"], supported: ["mqtt", "chat"]) == "chat")
        #expect(ServerHandshake.selectSubprotocol(offered: ["chat"], supported: ["Chat"]) == nil)
        #expect(ServerHandshake.selectSubprotocol(offered: [], supported: ["chat"]) == nil)
        #expect(ServerHandshake.selectSubprotocol(offered: ["chat"], supported: []) == nil)
    }

    @Test("RFC6455-4.2.1-KEY: random request heads never trap the parser or the validator")
    func randomHeads() {
        var generator = SystemRandomNumberGenerator()
        let names = ["Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"]
        let values = ["", "websocket", "Upgrade", "13", "dGhlIHNhbXBsZSBub25jZQ==", "a, b", "x; y=\"z\"", "é", ";", ",,"]
        for _ in 0..<1000 {
            var head = HTTPRequestHead(method: ["GET", "PUT"].randomElement(using: &generator)!, target: "/")
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                head.headers.append(name: names.randomElement(using: &generator)!, value: values.randomElement(using: &generator)!)
            }
            if let rejection = Self.rejection(head) {
                #expect([400, 405, 426].contains(rejection.status))
                #expect(!rejection.responseBytes().isEmpty)
            }
        }
    }
}
