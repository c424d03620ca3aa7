import Foundation
import Testing
import WebSocketCore

/// SHA-1 against the FIPS 180 examples and against digests from an independent implementation.
@Suite("SHA-1")
struct SHA1Tests {
    struct FIPSFile: Decodable {
        struct Case: Decodable {
            var name: String
            var text: String?
            var `repeat`: String?
            var count: Int?
            var sha1: String
        }
        var cases: [Case]
    }

    struct RandomFile: Decodable {
        struct Case: Decodable {
            var hex: String
            var sha1: String
        }
        var source: String
        var cases: [Case]
    }

    static func message(_ testCase: FIPSFile.Case) -> [UInt8] {
        if let text = testCase.text { return Array(text.utf8) }
        return Array(repeating: Array((testCase.repeat ?? "").utf8), count: testCase.count ?? 0).flatMap { $0 }
    }

    @Test("FIPS180-SHA1: the FIPS 180 examples hash to their published digests")
    func fipsExamples() throws {
        let file = try PackageFiles.vectorJSON("sha1-fips.json", as: FIPSFile.self)
        #expect(file.cases.count == 5)
        for testCase in file.cases {
            let message = Self.message(testCase)
            #expect(SHA1.hash(message).hex == testCase.sha1, "\(testCase.name)")
            let raw = message.withUnsafeBytes { SHA1.hash($0) }
            #expect(raw.hex == testCase.sha1, "\(testCase.name) (raw buffer)")
        }
    }

    @Test("FIPS180-5.1.1-PADDING: messages of every length 0…300, including the 55/56/63/64/65 block boundaries, match Python hashlib")
    func randomMessages() throws {
        let file = try PackageFiles.vectorJSON("sha1-random.json", as: RandomFile.self)
        #expect(file.cases.count >= 200)
        let lengths = Set(file.cases.map { $0.hex.count / 2 })
        #expect(lengths.isSuperset(of: [0, 55, 56, 63, 64, 65]))
        for testCase in file.cases {
            #expect(SHA1.hash([UInt8](hex: testCase.hex)).hex == testCase.sha1, "length \(testCase.hex.count / 2)")
        }
    }

    @Test("WS-SHA1-INCREMENTAL: feeding a message in any split gives the one-shot digest")
    func incremental() throws {
        let file = try PackageFiles.vectorJSON("sha1-random.json", as: RandomFile.self)
        var generator = SystemRandomNumberGenerator()
        for testCase in file.cases.prefix(60) {
            let message = [UInt8](hex: testCase.hex)
            var hasher = SHA1.Hasher()
            var index = 0
            while index < message.count {
                let take = Int.random(in: 0...min(70, message.count - index), using: &generator)
                if take % 2 == 0 {
                    hasher.update(message[index..<(index + take)])
                } else {
                    message[index..<(index + take)].withUnsafeBytes { hasher.update($0) }
                }
                index += take
            }
            #expect(hasher.finalize().hex == testCase.sha1)
        }
        // A non-contiguous sequence goes through the gathering path.
        let lazy = (0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(SHA1.hash(lazy) == SHA1.hash(Array(lazy)))
    }

    @Test("FIPS180-SHA1: every split point of a 3-block message gives the same digest")
    func everySplitPoint() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let expected = SHA1.hash(message)
        for split in 0...message.count {
            var hasher = SHA1.Hasher()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }
}
