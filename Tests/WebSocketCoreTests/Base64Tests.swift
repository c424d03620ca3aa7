import Foundation
import Testing
import WebSocketCore

/// Base64 against RFC 4648 §10 and the strict-decoding rules.
@Suite("Base64")
struct Base64Tests {
    struct VectorFile: Decodable {
        struct Valid: Decodable {
            var text: String
            var base64: String
        }
        struct Invalid: Decodable {
            var base64: String
            var why: String
        }
        var valid: [Valid]
        var invalid: [Invalid]
    }

    @Test("RFC4648-BASE64: the RFC 4648 §10 examples encode and decode")
    func rfcExamples() throws {
        let file = try PackageFiles.vectorJSON("base64-rfc4648.json", as: VectorFile.self)
        #expect(file.valid.count == 7)
        for example in file.valid {
            #expect(Base64.encode(Array(example.text.utf8)) == example.base64)
            #expect(Base64.decode(example.base64) == Array(example.text.utf8))
            #expect(Base64.decode(Array(example.base64.utf8)) == Array(example.text.utf8))
        }
    }

    @Test("RFC4648-3.2-PADDING: missing, partial or misplaced padding (and the other invalid vectors) are rejected")
    func invalidInputs() throws {
        let file = try PackageFiles.vectorJSON("base64-rfc4648.json", as: VectorFile.self)
        for example in file.invalid {
            #expect(Base64.decode(example.base64) == nil, "\(example.why): \(example.base64.debugDescription)")
        }
    }

    @Test("RFC4648-3.5-CANONICAL: only the canonical final character of each padded form decodes")
    func canonicalTrailingBits() {
        // "xx==" carries 8 bits: the second character's low 4 bits must be zero; "xxx=" carries 16 bits.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        for (value, character) in alphabet.enumerated() {
            #expect((Base64.decode("A\(character)==") != nil) == (value & 0x0F == 0))
            #expect((Base64.decode("AA\(character)=") != nil) == (value & 0x03 == 0))
        }
    }

    @Test("WS-BASE64-ROUNDTRIP: decode(encode(bytes)) gives the bytes back for random inputs of every length up to 100")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64.encode(bytes)
            #expect(text.utf8.count == Base64.encodedLength(ofByteCount: length))
            #expect(Base64.decode(text) == bytes)
            #expect(Base64.encode(bytes.lazy.map { $0 }) == text)
        }
    }

    @Test("RFC4648-3.3-ALPHABET: any single byte that is not in the alphabet makes the input invalid")
    func everyForeignByte() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for byte in UInt8.min...UInt8.max where !alphabet.contains(byte) {
            #expect(Base64.decode([UInt8(ascii: "A"), byte, UInt8(ascii: "A"), UInt8(ascii: "A")]) == nil)
        }
    }
}
