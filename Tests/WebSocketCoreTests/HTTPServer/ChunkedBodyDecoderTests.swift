import Testing
@testable import WebSocketCore

@Suite("Chunked body decoder")
struct ChunkedBodyDecoderTests {
    /// A decoded body and how many bytes of the wire it used.
    struct Decoded: Equatable {
        var body: [UInt8]
        var used: Int
    }

    /// Decodes `wire` fed in the pieces `cuts` makes.
    static func decode(
        _ wire: [UInt8], cuts: [Int] = [], limit: Int = 1 << 20, trailerLimit: Int = 8192
    ) -> Result<Decoded, HTTPRequestError> {
        var decoder = ChunkedBodyDecoder(maximumBodySize: limit, maximumTrailerSize: trailerLimit)
        var start = 0
        for end in cuts.sorted() + [wire.count] where end >= start {
            let piece = Array(wire[start..<end])
            do {
                let step = try piece.withUnsafeBytes { try decoder.receive($0) }
                if case .complete(let consumed) = step { return .success(Decoded(body: decoder.body, used: start + consumed)) }
            } catch let error as HTTPRequestError {
                return .failure(error)
            } catch {
                fatalError("untyped \(error)")
            }
            start = end
        }
        return .failure(.malformedChunk)  // incomplete: reported as malformed for the table below
    }

    static let sample = Array("5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Checksum: 1\r\nX-Other: two\r\n\r\nNEXT".utf8)

    @Test("RFC9112-7.1-CHUNKED: chunks, extensions and trailers decode the same wherever the input is cut; bytes after the body are left")
    func decodesSplitAnywhere() throws {
        let whole = try Self.decode(Self.sample).get()
        #expect(String(decoding: whole.body, as: UTF8.self) == "hello, world!!!")
        #expect(whole.used == Self.sample.count - 4, "NEXT is the next request")
        for cut in 0...Self.sample.count {
            let split = try Self.decode(Self.sample, cuts: [cut]).get()
            #expect(split.body == whole.body && split.used == whole.used, "cut at \(cut)")
        }
        // Byte by byte, and at every pair of cuts.
        let bytewise = try Self.decode(Self.sample, cuts: Array(1..<Self.sample.count)).get()
        #expect(bytewise.body == whole.body)
        for first in 0...Self.sample.count {
            for second in first...Self.sample.count {
                let split = try Self.decode(Self.sample, cuts: [first, second]).get()
                if split.body != whole.body || split.used != whole.used { Issue.record("cuts at \(first), \(second)") }
            }
        }
        #expect(try Self.decode(Array("0\r\n\r\n".utf8)).get().body.isEmpty)
    }

    @Test("RFC9112-7.1-CHUNK-MALFORMED: a bad size line, data without CRLF or a bad trailer is 400; trailers over the limit 431")
    func malformed() {
        let bad = [
            "\r\n", "g\r\n", "5\nhello\r\n0\r\n\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n",
            "-5\r\n", " 5\r\n", "5;\u{1}\r\n", "0\r\n:bad\r\n\r\n", "0\r\nX: a\rb\r\n\r\n", "0\r\n\r\r",
            "0" + String(repeating: " ", count: 5000) + "\r\n\r\n",
        ]
        for text in bad {
            #expect(Self.decode(Array(text.utf8)) == .failure(.malformedChunk), "\(text.debugDescription.prefix(40))")
        }
        let trailers = "0\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 10) + "\r\n"
        #expect(Self.decode(Array(trailers.utf8), trailerLimit: 64) == .failure(.trailersTooLarge(limit: 64)))
        #expect(HTTPRequestError.trailersTooLarge(limit: 1).status == 431)
        #expect((try? Self.decode(Array(trailers.utf8), trailerLimit: 8192).get()) != nil)
    }

    @Test("RFC9110-15.5.14-BODY-LIMIT: a chunk size past what the limit leaves is 413 before its data arrives, even one that overflows 64 bits; exactly the limit passes")
    func chunkLimit() {
        #expect(Self.decode(Array("ffffffffffffffffffffffffffff\r\n".utf8), limit: 100) == .failure(.bodyTooLarge(limit: 100)))
        #expect(Self.decode(Array("ffffffffffffffffffffffffffff\r\n".utf8), limit: Int.max) == .failure(.bodyTooLarge(limit: Int.max)))
        #expect(Self.decode(Array("65\r\n".utf8), limit: 100) == .failure(.bodyTooLarge(limit: 100)), "0x65 = 101 bytes")
        let fifty = String(repeating: "a", count: 50)
        let exact = "32\r\n\(fifty)\r\n32\r\n\(fifty)\r\n0\r\n\r\n"
        #expect((try? Self.decode(Array(exact.utf8), limit: 100).get().body.count) == 100)
        let over = "32\r\n\(fifty)\r\n33\r\n"
        #expect(Self.decode(Array(over.utf8), limit: 100) == .failure(.bodyTooLarge(limit: 100)))
    }
}
