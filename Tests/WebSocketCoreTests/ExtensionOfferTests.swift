import Foundation
import Testing
import WebSocketCore

/// Parsing and rendering `Sec-WebSocket-Extensions` (RFC 6455 §9.1).
@Suite("Extension offers")
struct ExtensionOfferTests {
    struct VectorFile: Decodable {
        struct Offer: Decodable {
            struct Parameter: Decodable {
                var name: String
                var value: String?
            }
            var name: String
            var parameters: [Parameter]
        }
        struct Valid: Decodable {
            var headers: [String]
            var offers: [Offer]
        }
        struct Invalid: Decodable {
            var headers: [String]
            var error: String
        }
        var valid: [Valid]
        var invalid: [Invalid]
    }

    /// The case name of an `ExtensionHeaderError`, as written in the vector file.
    static func caseName(_ error: ExtensionHeaderError) -> String {
        switch error {
        case .emptyList: "emptyList"
        case .invalidExtensionName: "invalidExtensionName"
        case .invalidParameterName: "invalidParameterName"
        case .invalidParameterValue: "invalidParameterValue"
        case .unterminatedQuotedString: "unterminatedQuotedString"
        case .quotedValueNotToken: "quotedValueNotToken"
        case .unexpectedCharacter: "unexpectedCharacter"
        }
    }

    @Test("RFC6455-9.1-EXTENSION-GRAMMAR: extension lists across repeated headers, with token and quoted parameter values, parse")
    func validHeaders() throws {
        let file = try PackageFiles.vectorJSON("handshake-extensions.json", as: VectorFile.self)
        for example in file.valid {
            let expected = example.offers.map { offer in
                ExtensionOffer(name: offer.name, parameters: offer.parameters.map { ExtensionParameter(name: $0.name, value: $0.value) })
            }
            #expect(try ExtensionOffer.parse(headerValues: example.headers) == expected, "\(example.headers)")
        }
        #expect(try ExtensionOffer.parse(headerValues: []).isEmpty)
    }

    @Test("RFC6455-9.1-EXTENSION-GRAMMAR: malformed extension headers throw the expected typed error")
    func invalidHeaders() throws {
        let file = try PackageFiles.vectorJSON("handshake-extensions.json", as: VectorFile.self)
        for example in file.invalid {
            do {
                let offers = try ExtensionOffer.parse(headerValues: example.headers)
                Issue.record("\(example.headers) parsed as \(offers)")
            } catch {
                #expect(Self.caseName(error) == example.error, "\(example.headers): \(error)")
            }
        }
    }

    @Test("RFC6455-9.1-EXTENSION-GRAMMAR: quoted values are unescaped and must be tokens")
    func quotedValues() throws {
        let offers = try ExtensionOffer.parse(headerValue: #"permessage-deflate; client_max_window_bits="1\5"; x="a""#)
        #expect(offers.first?.parameter("client_max_window_bits")?.value == "15")
        #expect(offers.first?.parameter("x")?.value == "a")
        #expect(offers.first?.parameter("missing") == nil)
        #expect(throws: ExtensionHeaderError.quotedValueNotToken("a,b")) {
            try ExtensionOffer.parse(headerValue: #"x; a="a,b""#)
        }
    }

    @Test("RFC6455-9.1-EXTENSION-RENDER: offers render as a header value that parses back to the same offers; non-token values are quoted")
    func rendering() throws {
        let offers = [
            ExtensionOffer(name: "permessage-deflate", parameters: [
                ExtensionParameter(name: "client_max_window_bits"),
                ExtensionParameter(name: "server_max_window_bits", value: "10"),
            ]),
            ExtensionOffer(name: "x-other"),
        ]
        let value = ExtensionOffer.headerValue(for: offers)
        #expect(value == "permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-other")
        #expect(try ExtensionOffer.parse(headerValue: value) == offers)
        #expect(ExtensionParameter(name: "p", value: #"a b"c\d"#).description == #"p="a b\"c\\d""#)
        #expect(ExtensionParameter(name: "p", value: "").description == #"p="""#)
        #expect(ExtensionOffer(name: "a b").isWellFormed == false)
        #expect(ExtensionOffer(name: "x", parameters: [ExtensionParameter(name: "p", value: "\r\n")]).isWellFormed == false)
    }

    @Test("RFC6455-9.1-EXTENSION-GRAMMAR: random header values never trap")
    func randomInput() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab1;=,\" \\\t\u{1}é".unicodeScalars)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            if let offers = try? ExtensionOffer.parse(headerValue: text) {
                #expect(!offers.isEmpty)
                #expect(try ExtensionOffer.parse(headerValue: ExtensionOffer.headerValue(for: offers)) == offers)
            }
        }
    }
}
