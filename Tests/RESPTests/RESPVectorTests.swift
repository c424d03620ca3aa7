import Foundation
import RESP
import Testing

@Suite struct RESPVectorTests {
    struct ValidFile: Decodable {
        struct Vector: Decodable {
            var name: String
            var wire: String
            var value: String
        }
        var vectors: [Vector]
    }

    struct InvalidFile: Decodable {
        struct Vector: Decodable {
            var name: String
            var wire: String?
            var hex: String?
            var error: String
            var limits: [String: Int]?
        }
        var vectors: [Vector]
    }

    @Test("RESP-VECTORS: every valid reply parses to its value, re-encodes and parses again, byte by byte too")
    func valid() throws {
        let file = try PackageFiles.vectorJSON("resp/valid.json", as: ValidFile.self)
        #expect(file.vectors.count >= 30)
        for vector in file.vectors {
            var parser = RESPParser()
            let values = try parser.parse(Array(vector.wire.utf8))
            #expect(values.count == 1, "\(vector.name)")
            guard let value = values.first else { continue }
            #expect(RESPNotation.text(value) == vector.value, "\(vector.name)")
            var again = RESPParser()
            var reparsed: [RESPValue] = []
            for byte in RESPEncoder.encode(value) { reparsed += try again.parse([byte]) }
            #expect(reparsed.map(RESPNotation.text) == [vector.value], "\(vector.name) re-encoded")
        }
    }

    @Test("RESP-VECTORS: every invalid reply fails with its error, whole and byte by byte")
    func invalid() throws {
        let file = try PackageFiles.vectorJSON("resp/invalid.json", as: InvalidFile.self)
        #expect(file.vectors.count >= 30)
        for vector in file.vectors {
            let bytes = vector.hex.map { [UInt8](hex: $0) } ?? Array((vector.wire ?? "").utf8)
            let overrides = vector.limits ?? [:]
            let defaults = RESPParserLimits()
            let limits = RESPParserLimits(
                maximumBulkLength: overrides["maximumBulkLength"] ?? defaults.maximumBulkLength,
                maximumElementCount: overrides["maximumElementCount"] ?? defaults.maximumElementCount,
                maximumDepth: overrides["maximumDepth"] ?? defaults.maximumDepth,
                maximumLineLength: overrides["maximumLineLength"] ?? defaults.maximumLineLength,
                maximumReplyBytes: overrides["maximumReplyBytes"] ?? defaults.maximumReplyBytes)
            for chunks in [[bytes], bytes.map { [$0] }] {
                var parser = RESPParser(limits: limits)
                var failure: RESPError?
                do {
                    for chunk in chunks { _ = try parser.parse(chunk) }
                } catch {
                    failure = error
                }
                #expect(failure.map(RESPNotation.caseName) == vector.error, "\(vector.name) (\(chunks.count) chunks)")
            }
        }
    }
}
