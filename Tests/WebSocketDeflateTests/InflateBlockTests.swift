import Testing
import WebSocketDeflate

@Suite struct InflateBlockTests {
    @Test("RFC1951-3.2.4-STORED, RFC7692-7.2.3.4-BFINAL: a stored block decodes, in any split, with and without BFINAL")
    func storedBlock() throws {
        var stream = BitStream()
        stream.bits(0, 1)
        stream.bits(0, 2)
        stream.align()
        stream.bits(5, 16)
        stream.bits(5 ^ 0xFFFF, 16)
        let payload = stream.bytes + Array("Hello".utf8) + [0x00]
        #expect(payload == [UInt8](hex: "000500faff48656c6c6f00"))
        for chunk in 1...payload.count {
            #expect(try Inflate.messages([payload], chunk: chunk) == [Array("Hello".utf8)])
        }
        // BFINAL set on the stored block, then an empty stored block begins a new stream (RFC 7692 §7.2.3.4).
        let final = [UInt8](hex: "010500faff48656c6c6f00")
        #expect(try Inflate.messages([final]) == [Array("Hello".utf8)])
        // A final block and nothing after it (zlib's Z_FINISH output): no tail is needed.
        #expect(try Inflate.messages([[UInt8](hex: "f348cdc9c90700")]) == [Array("Hello".utf8)])
        // The window carries over a final block.
        #expect(try Inflate.messages([[UInt8](hex: "f348cdc9c90700"), [UInt8](hex: "f200110000")]) == [Array("Hello".utf8), Array("Hello".utf8)])
    }

    @Test("RFC1951-3.2.4-STORED: a 65,535-byte stored block and a run of stored blocks decode")
    func largeStoredBlocks() throws {
        var generator = Xorshift64Star(seed: 3)
        let data = generator.bytes(count: 65_535 + 1000)
        var stream = BitStream()
        for piece in [data[0..<65_535], data[65_535...]] {
            stream.bits(0, 3)
            stream.align()
            stream.bits(piece.count, 16)
            stream.bits(piece.count ^ 0xFFFF, 16)
            for byte in piece { stream.bits(Int(byte), 8) }
        }
        stream.bits(0, 3)
        #expect(try Inflate.messages([stream.bytes]) == [data])
        #expect(try Inflate.messages([stream.bytes], chunk: 7) == [data])
    }

    @Test("RFC1951-3.2.6-FIXED: a fixed-Huffman block with literals, a match and every length symbol decodes")
    func fixedBlock() throws {
        var stream = BitStream()
        stream.bits(0, 1)
        stream.bits(1, 2)
        for byte in Array("abc".utf8) { stream.fixedSymbol(Int(byte)) }
        // Length 3 (symbol 257), distance 3 (code 2).
        stream.fixedSymbol(257)
        stream.code(2, 5)
        // Length 258 (symbol 285), distance 1 (code 0).
        stream.fixedSymbol(285)
        stream.code(0, 5)
        // Length 227 + 31 = 258 through symbol 284 with all extra bits set (accepted, as zlib does).
        stream.fixedSymbol(284)
        stream.bits(31, 5)
        stream.code(0, 5)
        stream.fixedSymbol(256)
        stream.endMessage()
        let expected = Array("abcabc".utf8) + Array(repeating: UInt8(ascii: "c"), count: 258 * 2)
        #expect(try Inflate.messages([stream.bytes]) == [expected])
        #expect(try Inflate.messages([stream.bytes], chunk: 1) == [expected])
    }

    @Test("RFC1951-3.2.7-DYNAMIC: dynamic-Huffman blocks from zlib and from our deflater decode")
    func dynamicBlocks() throws {
        let text = TestCorpus.english(20_000, seed: 9)
        let compressed = Deflate.messages([text])
        // Dynamic block header: BTYPE 10 in bits 1-2 of the first byte.
        #expect((compressed[0][0] >> 1) & 3 == 2)
        #expect(try Inflate.messages(compressed) == [text])
    }

    @Test("RFC1951-3.2.3-BLOCK-TYPES: BTYPE 11 is rejected as invalidBlockType")
    func reservedBlockType() {
        #expect(Inflate.error([0x06]) == .invalidBlockType)
        #expect(Inflate.error([0x07]) == .invalidBlockType)
    }

    @Test("RFC1951-3.2.3-BLOCK-TYPES: stored, fixed and dynamic blocks mixed in one message decode")
    func mixedBlocks() throws {
        var stream = BitStream()
        stream.bits(0, 3)
        stream.align()
        stream.bits(2, 16)
        stream.bits(2 ^ 0xFFFF, 16)
        stream.bits(Int(UInt8(ascii: "o")), 8)
        stream.bits(Int(UInt8(ascii: "k")), 8)
        stream.bits(0b010, 3)
        stream.fixedSymbol(Int(UInt8(ascii: "!")))
        stream.fixedSymbol(256)
        // An empty stored block brings the stream to a byte boundary.
        stream.endMessage()
        stream.bits(0, 16)
        stream.bits(0xFFFF, 16)
        var deflater = Deflater()
        let text = TestCorpus.english(5000, seed: 1)
        let dynamic = deflater.compressMessage(text)
        // The dynamic part starts at a byte boundary; its references stay inside itself.
        let payload = stream.bytes + dynamic
        #expect(try Inflate.messages([payload]) == [Array("ok!".utf8) + text])
    }

    /// A dynamic block whose literal/length code is 'A' -> 0, end-of-block -> 10, length 3 -> 11 and whose only
    /// distance code is distance 1 -> 0 (a single one-bit code, which zlib also accepts), with `distanceCode`
    /// after a length.
    static func singleDistanceCodeBlock(distanceCode: Int) -> [UInt8] {
        // Code-length code: 18 -> 0, 1 -> 10, 2 -> 11 (HCLEN covers 18 entries of the order, up to symbol 1).
        var stream = InflateErrorTests.dynamicHeader(
            literals: 258, distances: 1, codeLengthLengths: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2])
        stream.code(0, 1); stream.bits(54 - 11, 7)  // 54 zeros
        stream.code(0, 1); stream.bits(0, 7)  // 11 zeros: symbols 0...64
        stream.code(0b10, 2)  // 'A' (65): length 1
        stream.code(0, 1); stream.bits(127, 7)  // 138 zeros
        stream.code(0, 1); stream.bits(52 - 11, 7)  // 52 zeros: symbols 66...255
        stream.code(0b11, 2)  // 256: length 2
        stream.code(0b11, 2)  // 257: length 2
        stream.code(0b10, 2)  // distance 0: length 1
        stream.code(0, 1)  // 'A'
        stream.code(0b11, 2)  // length 3
        stream.code(distanceCode, 1)
        stream.code(0b10, 2)  // end of block
        stream.endMessage()
        return stream.bytes
    }

    @Test("RFC1951-3.2.2-CODE-LENGTHS: a single one-bit distance code decodes; its unassigned code is invalidDistanceSymbol")
    func singleDistanceCode() throws {
        for chunk in [1, 100] {
            #expect(try Inflate.messages([Self.singleDistanceCodeBlock(distanceCode: 0)], chunk: chunk) == [Array("AAAA".utf8)])
        }
        #expect(Inflate.error(Self.singleDistanceCodeBlock(distanceCode: 1)) == .invalidDistanceSymbol)
    }
}
