import Testing
import WebSocketDeflate

@Suite struct InflateErrorTests {
    /// A dynamic block header: BFINAL 0, BTYPE 10, HLIT, HDIST, HCLEN and the code-length code lengths in
    /// the order of RFC 1951 §3.2.7.
    static func dynamicHeader(literals: Int, distances: Int, codeLengthLengths: [Int]) -> BitStream {
        var stream = BitStream()
        stream.bits(0b100, 3)
        stream.bits(literals - 257, 5)
        stream.bits(distances - 1, 5)
        stream.bits(codeLengthLengths.count - 4, 4)
        for length in codeLengthLengths { stream.bits(length, 3) }
        return stream
    }

    @Test("RFC1951-3.2.4-STORED: LEN that is not the complement of NLEN is storedLengthMismatch")
    func storedMismatch() {
        #expect(Inflate.error([0x00, 0x05, 0x00, 0x00, 0x00]) == .storedLengthMismatch)
    }

    @Test("RFC1951-3.2.7-DYNAMIC: HLIT above 286 or HDIST above 30 is tooManySymbols")
    func tooManySymbols() {
        #expect(Inflate.error(Self.dynamicHeader(literals: 287, distances: 1, codeLengthLengths: [0, 0, 0, 0]).bytes) == .tooManySymbols)
        #expect(Inflate.error(Self.dynamicHeader(literals: 257, distances: 31, codeLengthLengths: [0, 0, 0, 0]).bytes) == .tooManySymbols)
    }

    @Test("RFC1951-3.2.2-CODE-LENGTHS: empty, over-subscribed and incomplete codes are invalidCodeLengths")
    func invalidCodeLengths() {
        // No code-length codes at all.
        #expect(Inflate.error(Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [0, 0, 0, 0]).bytes) == .invalidCodeLengths)
        // Three one-bit codes: over-subscribed.
        #expect(Inflate.error(Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 1, 1, 0]).bytes) == .invalidCodeLengths)
        // A single code-length code: incomplete (never accepted for the code-length alphabet).
        #expect(Inflate.error(Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [0, 0, 1, 0]).bytes) == .invalidCodeLengths)
        // Literal/length lengths 1, 1, 1 (symbols 0, 1, 256): over-subscribed.
        var stream = Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        // Canonical code-length code: 18 -> 0, 0 -> 10, 1 -> 11.
        stream.code(0b11, 2); stream.code(0b11, 2)
        stream.code(0, 1); stream.bits(138 - 11, 7)
        stream.code(0, 1); stream.bits(254 - 138 - 11, 7)
        stream.code(0b11, 2)
        stream.code(0b11, 2)
        stream.bits(0, 8)
        #expect(Inflate.error(stream.bytes) == .invalidCodeLengths)
    }

    @Test("RFC1951-3.2.7-DYNAMIC: a repeat with nothing before it or past the end is invalidRepeat")
    func invalidRepeat() {
        // Code-length code: 16 -> 0, 17 -> 1. A 16 first has no previous length.
        var first = Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 1, 0, 0])
        first.code(0, 1)
        first.bits(0, 2)
        #expect(Inflate.error(first.bytes) == .invalidRepeat)
        // 17 repeats zeros; 26 of them (the maximum is 10 each) run past 258 lengths.
        var past = Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [1, 1, 0, 0])
        for _ in 0..<26 { past.code(1, 1); past.bits(7, 3) }
        #expect(Inflate.error(past.bytes) == .invalidRepeat)
    }

    @Test("RFC1951-3.2.7-DYNAMIC: no code for end-of-block is missingEndOfBlock")
    func missingEndOfBlock() {
        // Code-length code: 0 -> 0, 18 -> 1; all 258 lengths zero.
        var stream = Self.dynamicHeader(literals: 257, distances: 1, codeLengthLengths: [0, 0, 1, 1])
        stream.code(1, 1); stream.bits(138 - 11, 7)
        stream.code(1, 1); stream.bits(120 - 11, 7)
        #expect(Inflate.error(stream.bytes) == .missingEndOfBlock)
    }

    @Test("RFC1951-3.2.5-SYMBOLS: literal/length 286 or 287 and distance 30 or 31 are invalid")
    func invalidSymbols() {
        for symbol in [286, 287] {
            var stream = BitStream()
            stream.bits(0b010, 3)
            stream.fixedSymbol(symbol)
            stream.bits(0, 16)
            #expect(Inflate.error(stream.bytes) == .invalidLiteralLengthSymbol)
        }
        for distance in [30, 31] {
            var stream = BitStream()
            stream.bits(0b010, 3)
            stream.fixedSymbol(65)
            stream.fixedSymbol(257)
            stream.code(distance, 5)
            stream.bits(0, 16)
            #expect(Inflate.error(stream.bytes) == .invalidDistanceSymbol)
        }
    }

    @Test("RFC1951-3.2.5-DISTANCE-WINDOW: a distance before the start of the stream is distanceTooFarBack")
    func distanceBeforeStart() {
        var stream = BitStream()
        stream.bits(0b010, 3)
        stream.fixedSymbol(65)
        stream.fixedSymbol(257)
        stream.code(1, 5)  // distance 2 with one byte of history
        stream.fixedSymbol(256)
        #expect(Inflate.error(stream.bytes) == .distanceTooFarBack)
    }

    @Test("RFC1951-3.2.5-DISTANCE-WINDOW: a distance beyond the configured window is distanceTooFarBack, within it decodes")
    func distanceBeyondWindow() throws {
        for windowBits in Inflater.supportedWindowBits {
            let window = 1 << windowBits
            for distance in [window, window + 1] where distance <= 32768 {
                // `distance` literals, then a match of 3 at `distance`.
                var stream = BitStream()
                stream.bits(0b010, 3)
                for index in 0..<distance { stream.fixedSymbol(index % 251) }
                stream.fixedSymbol(257)
                let code = (0..<30).last { Self.distanceBase[$0] <= distance }!
                stream.code(code, 5)
                stream.bits(distance - Self.distanceBase[code], Self.distanceExtra[code])
                stream.fixedSymbol(256)
                stream.endMessage()
                let result = Result { () throws(InflateError) in try Inflate.messages([stream.bytes], windowBits: windowBits) }
                if distance <= window {
                    let output = try result.get()[0]
                    #expect(output.count == distance + 3)
                    #expect(Array(output.suffix(3)) == Array(output.prefix(3)))
                } else {
                    #expect(throws: InflateError.distanceTooFarBack) { _ = try result.get().count }
                }
            }
        }
    }

    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
        4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    @Test("RFC7692-7.2.2-APPEND-TAIL: a message that ends inside a block is truncated after the tail")
    func truncatedMessage() {
        // A stored block of 10 bytes cut after 2: the tail's 4 bytes are not enough to finish it.
        #expect(Inflate.error([UInt8](hex: "000a00f5ff4865")) == .truncated)
        // A fixed block without its end-of-block code: the tail's zero bits decode as end of block, and the
        // next header asks for more than is left.
        #expect(Inflate.error([UInt8](hex: "f248cdc9c9")) == .truncated)
        // A dynamic block cut in half.
        let compressed = Deflate.messages([TestCorpus.english(3000, seed: 4)])[0]
        #expect(Inflate.error(Array(compressed.prefix(compressed.count / 2))) != nil)
    }

    @Test("WS-DEFLATE-ERRORS-STICK: after an error the inflater throws it again until reset")
    func errorsStick() throws {
        var inflater = Inflater()
        var output: [UInt8] = []
        #expect(throws: InflateError.invalidBlockType) { try inflater.inflate([0x06], into: &output) }
        #expect(throws: InflateError.invalidBlockType) { try inflater.inflate([UInt8](hex: "f248cdc9c90700"), into: &output) }
        inflater.reset()
        #expect(try inflater.inflateMessage([UInt8](hex: "f248cdc9c90700")) == Array("Hello".utf8))
    }
}
