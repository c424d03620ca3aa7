import Foundation
import Testing
import WebSocketCore
import WebSocketDeflate

/// `Vectors/permessage-deflate-rfc7692.json`.
struct PerMessageDeflateVectorFile: Decodable {
    struct Configuration: Decodable {
        var serverMaxWindowBits: Int?
        var clientMaxWindowBits: Int?
        var serverNoContextTakeover: Bool?
        var clientNoContextTakeover: Bool?

        var value: PerMessageDeflateConfiguration {
            var configuration = PerMessageDeflateConfiguration()
            if let serverMaxWindowBits { configuration.serverMaxWindowBits = serverMaxWindowBits }
            if let clientMaxWindowBits { configuration.clientMaxWindowBits = clientMaxWindowBits }
            if let serverNoContextTakeover { configuration.serverNoContextTakeover = serverNoContextTakeover }
            if let clientNoContextTakeover { configuration.clientNoContextTakeover = clientNoContextTakeover }
            return configuration
        }
    }

    struct Settings: Decodable {
        var serverNoContextTakeover: Bool
        var clientNoContextTakeover: Bool
        var serverMaxWindowBits: Int
        var clientMaxWindowBits: Int

        var value: PerMessageDeflateSettings {
            PerMessageDeflateSettings(
                serverNoContextTakeover: serverNoContextTakeover, clientNoContextTakeover: clientNoContextTakeover,
                serverMaxWindowBits: serverMaxWindowBits, clientMaxWindowBits: clientMaxWindowBits)
        }
    }

    struct FrameCase: Decodable {
        var name: String
        var frames: [String]
        var messages: [String]
    }

    struct ServerCase: Decodable {
        var name: String
        var configuration: Configuration
        var offers: String
        var response: String?
        var settings: Settings?
    }

    struct ClientCase: Decodable {
        var name: String
        var configuration: Configuration
        var offer: String
        var response: String
        var accepted: Bool
        var settings: Settings?
    }

    var source: String
    var frames: [FrameCase]
    var server: [ServerCase]
    var client: [ClientCase]

    static func load() throws -> PerMessageDeflateVectorFile {
        try PackageFiles.vectorJSON("permessage-deflate-rfc7692.json")
    }
}

@Suite struct PerMessageDeflateNegotiationTests {
    /// The 101 response a server with `configuration` gives to a request offering `offers`, and the settings of
    /// the extension it created (nil when it declined).
    static func serverAnswer(
        offers: String, configuration: PerMessageDeflateConfiguration
    ) throws -> (header: String?, settings: PerMessageDeflateSettings?, names: [String]) {
        let request = """
            GET /chat HTTP/1.1\r
            Host: example.com\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            Sec-WebSocket-Extensions: \(offers)\r
            \r

            """
        let factory = PerMessageDeflate(configuration: configuration)
        var reader = try ServerHandshakeReader(extensions: [factory])
        guard case .upgradeRequested(let pending) = reader.receive(Array(request.utf8)) else { return (nil, nil, ["rejected"]) }
        let open = pending.accept()
        let header = extensionsHeader(in: open.takeOutboundBytes())
        let names = open.extensionNames
        _ = open.abort()
        // The same choice, made directly, exposes the settings.
        let mine = ((try? ExtensionOffer.parse(headerValue: offers)) ?? []).filter { $0.name.lowercased() == "permessage-deflate" }
        let settings = factory.serverAccept(mine).map { ($0.instance as? PerMessageDeflateExtension)?.settings } ?? nil
        return (header, settings, names)
    }

    @Test("RFC7692-7-NEGOTIATION, RFC7692-7-MALFORMED-DECLINED, RFC7692-7-PARSE-LIBERAL, RFC7692-7.1.1-NO-CONTEXT-TAKEOVER, RFC7692-7.1.2-MAX-WINDOW-BITS: the server table of Vectors/permessage-deflate-rfc7692.json through ServerHandshakeReader")
    func serverVectors() throws {
        let file = try PerMessageDeflateVectorFile.load()
        #expect(file.server.count >= 40)
        for vector in file.server {
            let answer = try Self.serverAnswer(offers: vector.offers, configuration: vector.configuration.value)
            #expect(answer.header == vector.response, "\(vector.name)")
            #expect(answer.settings == vector.settings?.value, "\(vector.name)")
            #expect(answer.names == (vector.response == nil ? [] : ["permessage-deflate"]), "\(vector.name)")
            // Whatever the server answers, a default client that offered the same would accept it.
            if let response = vector.response, vector.configuration.value == PerMessageDeflateConfiguration() {
                let parsed = try ExtensionOffer.parse(headerValue: response)
                #expect(parsed.count == 1, "\(vector.name)")
            }
        }
    }

    /// Drives a client handshake with `factory` against a 101 answering `response`; returns the failure, if any.
    static func clientHandshake(factory: PerMessageDeflate, response: String) throws -> (request: [UInt8], failure: ClientHandshakeFailure?, names: [String]) {
        var driver = try ClientHandshakeDriver(
            handshake: ClientHandshake(host: "example.com", extensions: factory.clientOffers()), extensions: [factory])
        let head = """
            HTTP/1.1 101 Switching Protocols\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Accept: \(driver.handshake.expectedAccept)\r
            Sec-WebSocket-Extensions: \(response)\r
            \r

            """
        let request = driver.requestBytes
        switch driver.receive(Array(head.utf8)) {
        case .opened(let open):
            let names = open.extensionNames
            _ = open.abort()
            return (request, nil, names)
        case .failed(let failure):
            return (request, failure, [])
        case .needMoreData:
            Issue.record("incomplete response")
            return (request, nil, [])
        }
    }

    @Test("RFC7692-7-OFFER-CONSERVATIVE, RFC7692-7-CLIENT-VALIDATION, RFC7692-7-MALFORMED-DECLINED, RFC7692-7.1.2-MAX-WINDOW-BITS: the client table of Vectors/permessage-deflate-rfc7692.json through ClientHandshakeDriver")
    func clientVectors() throws {
        let file = try PerMessageDeflateVectorFile.load()
        #expect(file.client.count >= 20)
        for vector in file.client {
            let factory = PerMessageDeflate(configuration: vector.configuration.value)
            #expect(ExtensionOffer.headerValue(for: factory.clientOffers()) == vector.offer, "\(vector.name)")
            let result = try Self.clientHandshake(factory: factory, response: vector.response)
            #expect(extensionsHeader(in: result.request) == vector.offer, "\(vector.name)")
            if vector.accepted {
                #expect(result.failure == nil, "\(vector.name): \(String(describing: result.failure))")
                #expect(result.names == ["permessage-deflate"], "\(vector.name)")
                let parsed = try ExtensionOffer.parse(headerValue: vector.response)
                #expect(try factory.clientSettings(for: parsed[0]) == vector.settings?.value, "\(vector.name)")
            } else {
                guard case .extensionRefused(let error)? = result.failure else {
                    Issue.record("\(vector.name): expected the handshake to fail, got \(String(describing: result.failure))")
                    continue
                }
                #expect(error.extensionName == "permessage-deflate", "\(vector.name)")
                #expect(!error.reason.isEmpty)
            }
        }
    }

    @Test("RFC7692-7-OFFER-CONSERVATIVE: the default offer is exactly `permessage-deflate; client_max_window_bits`")
    func defaultOffer() throws {
        #expect(PerMessageDeflate().clientOffers() == [
            ExtensionOffer(name: "permessage-deflate", parameters: [ExtensionParameter(name: "client_max_window_bits")])
        ])
        let driver = try ClientHandshakeDriver(
            handshake: ClientHandshake(host: "example.com", extensions: PerMessageDeflate().clientOffers()),
            extensions: [PerMessageDeflate()])
        #expect(String(decoding: driver.requestBytes, as: UTF8.self).contains(
            "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"))
    }

    @Test("RFC7692-7-MALFORMED-DECLINED: every malformed parameter form is declined by a server and fails a client")
    func malformedForms() throws {
        let forms = [
            "server_max_window_bits", "server_max_window_bits=", "server_max_window_bits=0", "server_max_window_bits=7",
            "server_max_window_bits=16", "server_max_window_bits=015", "server_max_window_bits=+9",
            "server_max_window_bits=\"1 5\"", "client_max_window_bits=100", "client_max_window_bits=-9",
            "server_no_context_takeover=", "client_no_context_takeover=x", "x=1", "server_no_context_takeover; server_no_context_takeover",
            "client_no_context_takeover; client_no_context_takeover", "server_max_window_bits=9; server_max_window_bits=10",
            "client_max_window_bits=9; client_max_window_bits=9", "client_max_window_bits; Client_Max_Window_Bits",
        ]
        for form in forms {
            let value = "permessage-deflate; " + form
            guard let offers = try? ExtensionOffer.parse(headerValue: value) else { continue }  // not even the §9.1 grammar
            #expect(PerMessageDeflate().serverAccept(offers) == nil, "\(form)")
            #expect(throws: ExtensionNegotiationError.self, "\(form)") { try PerMessageDeflate().clientSettings(for: offers[0]) }
        }
    }

    @Test("RFC7692-7-NEGOTIATION: the server answers only the offer it accepted, with the extension it creates")
    func serverPicksFirstAcceptable() throws {
        var configuration = PerMessageDeflateConfiguration()
        configuration.clientMaxWindowBits = 12
        let offers = try ExtensionOffer.parse(
            headerValue: "permessage-deflate; server_max_window_bits=9, permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits")
        let accepted = try #require(PerMessageDeflate(configuration: configuration).serverAccept(offers))
        #expect(accepted.response.description == "permessage-deflate; server_max_window_bits=10; client_max_window_bits=12")
        let instance = try #require(accepted.instance as? PerMessageDeflateExtension)
        #expect(instance.role == .server)
        #expect(instance.settings == PerMessageDeflateSettings(serverMaxWindowBits: 10, clientMaxWindowBits: 12))
        #expect(instance.reservedBits == .rsv1)
        #expect(instance.name == "permessage-deflate")
    }

    @Test("WS-DEFLATE-CONFIGURATION: documented defaults; validate refuses windows outside 8–15 and negative thresholds; the factory clamps")
    func configuration() throws {
        let defaults = PerMessageDeflateConfiguration()
        #expect(defaults.level == .default)
        #expect(defaults.serverMaxWindowBits == 15 && defaults.clientMaxWindowBits == 15)
        #expect(!defaults.serverNoContextTakeover && !defaults.clientNoContextTakeover)
        #expect(defaults.compressionThreshold == 128)
        #expect(!defaults.releasesMemoryBetweenMessages)
        try defaults.validate()
        for bits in [7, 16] {
            var bad = defaults
            bad.serverMaxWindowBits = bits
            #expect(throws: ConfigurationError.self) { try bad.validate() }
            bad = defaults
            bad.clientMaxWindowBits = bits
            #expect(throws: ConfigurationError.self) { try bad.validate() }
        }
        var negative = defaults
        negative.compressionThreshold = -1
        #expect(throws: ConfigurationError("compressionThreshold", "must not be negative")) { try negative.validate() }
        var wild = defaults
        wild.serverMaxWindowBits = 3
        wild.clientMaxWindowBits = 99
        let factory = PerMessageDeflate(configuration: wild)
        #expect(factory.configuration.serverMaxWindowBits == 8 && factory.configuration.clientMaxWindowBits == 15)
        #expect(factory.name == "permessage-deflate")
    }
}
