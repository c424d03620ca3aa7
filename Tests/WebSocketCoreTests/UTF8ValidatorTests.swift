import Foundation
import Testing
import WebSocketCore

/// One case of `Vectors/utf8-stress.json`.
private struct StressCase: Decodable, CustomTestStringConvertible {
    var name: String
    var hex: String
    var valid: Bool
    var failsAt: Int?
    var bytes: [UInt8] { [UInt8](hex: hex) }
    var testDescription: String { name }
}

/// The stress file: its provenance and cases.
private struct StressFile: Decodable {
    var source: String
    var cases: [StressCase]
}

private let stressCases: [StressCase] = (try? PackageFiles.vectorJSON("utf8-stress.json", as: StressFile.self).cases) ?? []

/// The oracle: the standard library's strict UTF-8 validation.
private func stdlibValid(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
}

/// Whether `prefix` can be extended to valid UTF-8, by the standard library: some completion of 0–3 bytes from
/// {80, 90, A0} works whenever any does (those cover every second-byte range of Unicode table 3-7).
private func stdlibCompletable(_ prefix: [UInt8]) -> Bool {
    if stdlibValid(prefix) { return true }
    var layer: [[UInt8]] = [[0x80], [0x90], [0xA0]]
    for _ in 0..<3 {
        if layer.contains(where: { stdlibValid(prefix + $0) }) { return true }
        layer = layer.flatMap { t in [0x80, 0x90, 0xA0].map { t + [$0] } }
    }
    return false
}

/// Feeds `bytes` one at a time; the index of the first byte where `consume` returned false, or nil.
private func firstFailure(_ bytes: [UInt8]) -> Int? {
    var v = UTF8Validator()
    for (i, b) in bytes.enumerated() where !v.consume(CollectionOfOne(b)) { return i }
    return nil
}

/// Random bytes that exercise UTF-8: random valid text with random corruption, or random bytes biased
/// towards lead and continuation bytes, with ASCII runs long enough for the 16-byte fast path.
private func randomCandidate(_ g: inout Xorshift64Star) -> [UInt8] {
    switch Int.random(in: 0..<4, using: &g) {
    case 0:
        return (0..<Int.random(in: 0...40, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    case 1:
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        return (0..<Int.random(in: 0...24, using: &g)).map { _ in interesting.randomElement(using: &g)! }
    default:
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...30, using: &g) {
            let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF,
                                                 0x10000...0x10FFFF]
            let r = ranges.randomElement(using: &g)!
            scalars.append(Unicode.Scalar(UInt32.random(in: r, using: &g))!)
            if Bool.random(using: &g) { scalars.append(contentsOf: String(repeating: "a", count: 17).unicodeScalars) }
        }
        var bytes = Array(String(scalars).utf8)
        for _ in 0..<Int.random(in: 0...2, using: &g) where !bytes.isEmpty {
            let i = Int.random(in: 0..<bytes.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0: bytes[i] = UInt8.random(in: 0...255, using: &g)
            case 1: bytes.remove(at: i)
            default: bytes.removeLast(Int.random(in: 1...min(3, bytes.count), using: &g))
            }
        }
        return bytes
    }
}

@Suite("UTF-8 validation (RFC 6455 §8.1, RFC 3629)")
struct UTF8ValidatorTests {
    @Test("RFC6455-8.1-UTF8-VALID: the stress vectors file loads with a few hundred cases")
    func stressFileLoads() throws {
        let file = try PackageFiles.vectorJSON("utf8-stress.json", as: StressFile.self)
        #expect(file.cases.count >= 300)
        #expect(!file.source.isEmpty)
        #expect(Set(file.cases.map(\.name)).count == file.cases.count)
    }

    @Test("RFC6455-8.1-UTF8-VALID, RFC6455-8.1-UTF8-FAIL-FAST: stress vectors", arguments: stressCases)
    fileprivate func stressVector(_ c: StressCase) {
        let bytes = c.bytes
        #expect(UTF8Validator.isValid(bytes) == c.valid)
        #expect(stdlibValid(bytes) == c.valid)
        #expect(firstFailure(bytes) == c.failsAt)
        var whole = UTF8Validator()
        #expect(whole.consume(bytes) == (c.failsAt == nil))
        #expect(whole.isComplete == c.valid)
        #expect(whole.finish() == c.valid)
        for split in 0...bytes.count {
            var v = UTF8Validator()
            let ok = v.consume(bytes[..<split]) && v.consume(bytes[split...])
            #expect(ok == (c.failsAt == nil))
            #expect(v.finish() == c.valid, "split at \(split)")
        }
    }

    @Test("RFC6455-8.1-UTF8-VALID, RFC6455-8.1-UTF8-ACROSS-FRAGMENTS: agrees with the standard library on random bytes at every split point")
    func agreesWithStandardLibrary() {
        var g = Xorshift64Star(seed: 8)
        var validCount = 0
        for _ in 0..<4000 {
            let bytes = randomCandidate(&g)
            let expected = stdlibValid(bytes)
            if expected { validCount += 1 }
            #expect(UTF8Validator.isValid(bytes) == expected, "\(bytes.hex)")
            for split in 0...bytes.count {
                var v = UTF8Validator()
                _ = v.consume(bytes[..<split])
                _ = v.consume(bytes[split...])
                #expect(v.finish() == expected, "\(bytes.hex) split at \(split)")
            }
        }
        #expect(validCount > 500)  // the generator produces a real mix
    }

    @Test("RFC6455-8.1-UTF8-FAIL-FAST: consume fails at exactly the first byte that makes the prefix invalid")
    func failFastPosition() {
        var g = Xorshift64Star(seed: 9)
        for _ in 0..<3000 {
            let bytes = randomCandidate(&g)
            if let f = firstFailure(bytes) {
                #expect(stdlibCompletable(Array(bytes[..<f])), "\(bytes.hex) failed early at \(f)")
                #expect(!stdlibCompletable(Array(bytes[...f])), "\(bytes.hex) failed at \(f)")
            } else {
                #expect(stdlibCompletable(bytes), "\(bytes.hex) never failed")
            }
        }
    }

    @Test("RFC6455-8.1-UTF8-FAIL-FAST: a bad byte anywhere in a long ASCII text is caught, in bulk and bytewise")
    func badByteInLongASCII() {
        for position in 0..<100 {
            for bad: UInt8 in [0x80, 0xC0, 0xF5, 0xFF] {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 100)
                bytes[position] = bad
                #expect(firstFailure(bytes) == position)
                var v = UTF8Validator()
                #expect(v.consume(bytes) == false)
                #expect(!UTF8Validator.isValid(bytes))
                var prefix = UTF8Validator()
                #expect(prefix.consume(bytes[..<position]) == true)
            }
        }
        #expect(UTF8Validator.isValid([UInt8](repeating: 0x7F, count: 1000)))
    }

    @Test("RFC6455-8.1-UTF8-FAIL-FAST: after a failure consume keeps returning false until reset")
    func failureIsSticky() {
        var v = UTF8Validator()
        #expect(v.consume([0x61, 0xC0]) == false)
        #expect(v.consume(Array("valid".utf8)) == false)
        #expect(v.consume([UInt8]()) == false)
        #expect(!v.isComplete)
        v.reset()
        #expect(v.consume(Array("valid".utf8)) == true)
        #expect(v.isComplete)
        #expect(v.consume([0xFF]) == false)
        #expect(v.finish() == false)
        #expect(v.consume(Array("next message".utf8)) == true)  // finish() reset the validator
        #expect(v.finish() == true)
    }

    @Test("RFC3629-3-SURROGATE: surrogates D800–DFFF are rejected at the second byte")
    func surrogates() {
        for second: UInt8 in 0xA0...0xBF {
            #expect(firstFailure([0xED, second, 0x80]) == 1)
        }
        for second: UInt8 in 0x80...0x9F {
            #expect(UTF8Validator.isValid([0xED, second, 0xBF]))  // U+D000–U+D7FF
        }
        #expect(firstFailure([0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80]) == 1)  // a CESU-8 style pair
    }

    @Test("RFC3629-3-OVERLONG: overlong forms are rejected at the first byte that proves them overlong")
    func overlongs() {
        #expect(firstFailure([0xC0, 0xAF]) == 0)
        #expect(firstFailure([0xC1, 0xBF]) == 0)
        #expect(firstFailure([0xE0, 0x80, 0xAF]) == 1)
        #expect(firstFailure([0xE0, 0x9F, 0xBF]) == 1)
        #expect(firstFailure([0xF0, 0x80, 0x80, 0xAF]) == 1)
        #expect(firstFailure([0xF0, 0x8F, 0xBF, 0xBF]) == 1)
        #expect(UTF8Validator.isValid([0xE0, 0xA0, 0x80]))  // U+0800
        #expect(UTF8Validator.isValid([0xF0, 0x90, 0x80, 0x80]))  // U+10000
    }

    @Test("RFC3629-3-MAX: nothing above U+10FFFF; F5–FF never appear")
    func maximum() {
        #expect(UTF8Validator.isValid([0xF4, 0x8F, 0xBF, 0xBF]))
        #expect(firstFailure([0xF4, 0x90, 0x80, 0x80]) == 1)
        for lead: UInt8 in 0xF5...0xFF {
            #expect(firstFailure([lead, 0x80, 0x80, 0x80]) == 0)
        }
        #expect(firstFailure([0xF8, 0x88, 0x80, 0x80, 0x80]) == 0)  // 5-byte form
        #expect(firstFailure([0xFC, 0x84, 0x80, 0x80, 0x80, 0x80]) == 0)  // 6-byte form
    }

    @Test("RFC3629-4-CONTINUATION: a continuation byte without a lead byte, or a lead without continuations, is rejected")
    func continuations() {
        for c: UInt8 in 0x80...0xBF {
            #expect(firstFailure([c]) == 0)
            #expect(firstFailure([0x41, c]) == 1)
            #expect(firstFailure([0xC3, 0xA9, c]) == 2)
        }
        for lead: UInt8 in 0xC2...0xF4 {
            #expect(firstFailure([lead, 0x20]) == 1)
        }
    }

    @Test("RFC6455-8.1-UTF8-TRUNCATED: a message ending inside a character is invalid though every byte was accepted")
    func truncated() {
        for scalar in ["é", "€", "😀", "\u{10FFFF}"] {
            let bytes = Array(scalar.utf8)
            for cut in 1..<bytes.count {
                var v = UTF8Validator()
                #expect(v.consume(Array("text ".utf8) + bytes[..<cut]) == true)
                #expect(!v.isComplete)
                #expect(v.finish() == false)
            }
        }
        var empty = UTF8Validator()
        #expect(empty.isComplete && empty.finish())  // an empty message is valid
    }

    @Test("RFC6455-8.1-UTF8-ACROSS-FRAGMENTS: a character may be split across fragments, one byte per fragment included")
    func acrossFragments() {
        let text = Array("κόσμε 😀 €uro ok".utf8)
        var v = UTF8Validator()
        for (i, b) in text.enumerated() {
            #expect(v.consume([b]) == true)
            let boundary = i + 1 == text.count || text[i + 1] & 0xC0 != 0x80
            #expect(v.isComplete == boundary)
        }
        #expect(v.finish() == true)
        // Raw buffer and non-contiguous sequence inputs give the same results.
        var raw = UTF8Validator()
        text.withUnsafeBytes { buffer in
            #expect(raw.consume(UnsafeRawBufferPointer(rebasing: buffer[..<7])) == true)
            #expect(raw.consume(UnsafeRawBufferPointer(rebasing: buffer[7...])) == true)
        }
        #expect(raw.finish() == true)
        let longText = Array(String(repeating: "añ😀b", count: 200).utf8)
        #expect(UTF8Validator.isValid(longText.lazy.map { $0 }))
        #expect(!UTF8Validator.isValid((longText + [0xED, 0xA0, 0x80]).lazy.map { $0 }))
    }
}
