import RESP
import Testing

@Suite struct RESPParserTests {
    static func parse(_ text: String) throws(RESPError) -> [RESPValue] {
        var parser = RESPParser()
        return try parser.parse(Array(text.utf8))
    }

    @Test("RESP-TYPES-RESP2: simple string, error, integer, bulk (binary safe, null) and array (null) parse to their cases")
    func resp2() throws {
        #expect(try Self.parse("+OK\r\n") == [.simpleString("OK")])
        #expect(try Self.parse("-ERR no\r\n") == [.error("ERR no")])
        #expect(try Self.parse(":-12\r\n") == [.integer(-12)])
        #expect(try Self.parse("$4\r\na\r\nb\r\n") == [.bulkString(Array("a\r\nb".utf8))])
        #expect(try Self.parse("$-1\r\n*-1\r\n") == [.nullBulkString, .nullArray])
        #expect(try Self.parse("*2\r\n:1\r\n$0\r\n\r\n") == [.array([.integer(1), .bulkString([])])])
        #expect(try Self.parse("*-1\r\n").first?.isNull == true)
    }

    @Test("RESP-TYPES-RESP3: null, boolean, double, big number, bulk error, verbatim, map, set and push parse to their cases")
    func resp3() throws {
        #expect(try Self.parse("_\r\n#t\r\n#f\r\n") == [.null, .boolean(true), .boolean(false)])
        #expect(try Self.parse(",1.5\r\n,-inf\r\n") == [.double(1.5), .double(-.infinity)])
        let nan = try Self.parse(",nan\r\n")
        guard case .double(let value) = nan.first else { Issue.record("not a double: \(nan)"); return }
        #expect(value.isNaN)
        #expect(try Self.parse("(-123456789012345678901234567890\r\n") == [.bigNumber("-123456789012345678901234567890")])
        #expect(try Self.parse("!3\r\nERR\r\n") == [.bulkError(Array("ERR".utf8))])
        #expect(try Self.parse("=7\r\ntxt:abc\r\n") == [.verbatimString(format: "txt", text: Array("abc".utf8))])
        #expect(try Self.parse("%1\r\n+a\r\n:1\r\n") == [.map([RESPMapEntry(key: .simpleString("a"), value: .integer(1))])])
        #expect(try Self.parse("~2\r\n:1\r\n:2\r\n") == [.set([.integer(1), .integer(2)])])
        #expect(try Self.parse(">2\r\n+a\r\n+b\r\n") == [.push([.simpleString("a"), .simpleString("b")])])
    }

    @Test("RESP-PARSE-ATTRIBUTE: an attribute attaches to the value after it, at top level and inside an aggregate")
    func attribute() throws {
        let values = try Self.parse("|1\r\n+ttl\r\n:5\r\n+OK\r\n*2\r\n|0\r\n:1\r\n:2\r\n")
        let ttl = [RESPMapEntry(key: .simpleString("ttl"), value: .integer(5))]
        #expect(values == [.attribute(ttl, .simpleString("OK")), .array([.attribute([], .integer(1)), .integer(2)])])
        #expect(values[0].withoutAttributes == .simpleString("OK"))
        #expect(values[0].string == "OK")
    }

    @Test("RESP-PARSE-CRLF: a CR without LF, a bare LF or a bulk without its CRLF is a typed error")
    func crlf() {
        #expect(throws: RESPError.invalidLineEnding) { try Self.parse("+a\rb\r\n") }
        #expect(throws: RESPError.invalidLineEnding) { try Self.parse("+a\n") }
        #expect(throws: RESPError.missingTerminator) { try Self.parse("$1\r\nab\r\n") }
    }

    @Test("RESP-PARSE-STRICT-NUMBERS: digits only, 64-bit overflow is a typed error, not a trap")
    func strictNumbers() throws {
        #expect(throws: RESPError.invalidLength) { try Self.parse("$99999999999999999999\r\n") }
        #expect(throws: RESPError.invalidLength) { try Self.parse("*18446744073709551616\r\n") }
        #expect(throws: RESPError.invalidInteger) { try Self.parse(":9223372036854775808\r\n") }
        #expect(throws: RESPError.invalidInteger) { try Self.parse(":1 \r\n") }
        #expect(throws: RESPError.invalidLength) { try Self.parse("$-5\r\n") }
        #expect(throws: RESPError.invalidLength) { try Self.parse("$ 5\r\nhello\r\n") }
        #expect(try Self.parse(":-9223372036854775808\r\n") == [.integer(.min)])
    }

    @Test("RESP-PARSE-UNKNOWN-TYPE: a byte that is no type marker fails as soon as it arrives")
    func unknownType() throws {
        var parser = RESPParser()
        parser.append([UInt8(ascii: "@")])
        #expect(throws: RESPError.unknownType(UInt8(ascii: "@"))) { try parser.next() }
    }

    @Test("RESP-PARSE-STREAMED: streamed strings and aggregates are refused")
    func streamed() {
        for text in ["$?\r\n", "*?\r\n", "%?\r\n", "~?\r\n", "!?\r\n"] {
            #expect(throws: RESPError.streamedTypeUnsupported) { try Self.parse(text) }
        }
    }

    @Test("RESP-PARSE-CHUNKING: pipelined replies byte by byte give the same values as in one chunk")
    func chunking() throws {
        let text = "+OK\r\n*3\r\n$3\r\nfoo\r\n%1\r\n:1\r\n_\r\n,2.5\r\n$5\r\nhello\r\n:7\r\n"
        let whole = try Self.parse(text)
        #expect(whole.count == 4)
        var parser = RESPParser()
        var values: [RESPValue] = []
        for byte in text.utf8 {
            values += try parser.parse([byte])
        }
        #expect(values == whole)
        #expect(!parser.hasPartialValue)
    }

    @Test("RESP-PARSE-FAILED-STAYS: after an error the parser throws it again and ignores more bytes")
    func failedStays() {
        var parser = RESPParser()
        parser.append(Array(":x\r\n".utf8))
        #expect(throws: RESPError.invalidInteger) { try parser.next() }
        parser.append(Array("+OK\r\n".utf8))
        #expect(throws: RESPError.invalidInteger) { try parser.next() }
        #expect(parser.error == .invalidInteger)
        #expect(parser.bufferedByteCount == 0)
    }
}
