import RESP
import Testing

@Suite struct RESPLimitTests {
    @Test("RESP-LIMIT-BULK: a bulk string, bulk error or verbatim string declaring more than the limit fails on its header")
    func bulk() {
        for type in ["$", "!", "="] {
            var parser = RESPParser(limits: RESPParserLimits(maximumBulkLength: 100))
            parser.append(Array("\(type)101\r\n".utf8))
            #expect(throws: RESPError.bulkTooLong(limit: 100)) { try parser.next() }
        }
        var parser = RESPParser()
        parser.append(Array("$536870913\r\n".utf8))
        #expect(throws: RESPError.bulkTooLong(limit: 512 * 1024 * 1024)) { try parser.next() }
    }

    @Test("RESP-LIMIT-ELEMENTS: an aggregate declaring more elements (pairs for maps) than the limit fails on its header")
    func elements() {
        for header in ["*11", "~11", ">11", "%11", "|11"] {
            var parser = RESPParser(limits: RESPParserLimits(maximumElementCount: 10))
            parser.append(Array("\(header)\r\n".utf8))
            #expect(throws: RESPError.tooManyElements(limit: 10)) { try parser.next() }
        }
        var parser = RESPParser(limits: RESPParserLimits(maximumElementCount: 10))
        #expect(throws: Never.self) { try parser.parse(Array("*10\r\n".utf8)) }
    }

    @Test("RESP-LIMIT-DEPTH: aggregates nested deeper than the limit fail; at the limit they parse")
    func depth() throws {
        var atLimit = RESPParser(limits: RESPParserLimits(maximumDepth: 4))
        #expect(try atLimit.parse(Array((String(repeating: "*1\r\n", count: 4) + ":1\r\n").utf8)).count == 1)
        var deep = RESPParser()
        deep.append(Array(String(repeating: "*1\r\n", count: 100_000).utf8))
        #expect(throws: RESPError.nestingTooDeep(limit: 32)) { try deep.next() }
    }

    @Test("RESP-LIMIT-LINE: a line longer than the limit fails once that many bytes arrived, scanned once when fed byte by byte")
    func line() throws {
        var parser = RESPParser(limits: RESPParserLimits(maximumLineLength: 16))
        #expect(try parser.parse(Array(("+" + String(repeating: "a", count: 16) + "\r\n").utf8)).count == 1)
        parser.append(Array(("+" + String(repeating: "a", count: 17)).utf8))
        #expect(throws: RESPError.lineTooLong(limit: 16)) { try parser.next() }

        // 64 KiB of a line one byte at a time: linear, not quadratic (this finishes in well under a second).
        var slow = RESPParser()
        #expect(try slow.parse([UInt8(ascii: "+")]).isEmpty)
        for _ in 0..<(64 * 1024) {
            #expect(try slow.parse([UInt8(ascii: "x")]).isEmpty)
        }
        slow.append([UInt8(ascii: "x")])
        #expect(throws: RESPError.lineTooLong(limit: 64 * 1024)) { try slow.next() }
    }

    @Test("RESP-LIMIT-REPLY: an endless array of small elements fails when its bytes pass the reply limit")
    func reply() throws {
        var parser = RESPParser(limits: RESPParserLimits(maximumReplyBytes: 1000))
        #expect(try parser.parse(Array("*1000000\r\n".utf8)).isEmpty)
        var failed: RESPError?
        for _ in 0..<1000 {
            do {
                _ = try parser.parse(Array(":1\r\n".utf8))
            } catch {
                failed = error
                break
            }
        }
        #expect(failed == .replyTooLarge(limit: 1000))
        // A bulk whose declared end passes the limit fails on its header.
        var bulk = RESPParser(limits: RESPParserLimits(maximumReplyBytes: 1000))
        bulk.append(Array("*2\r\n$900\r\n".utf8) + [UInt8](repeating: 0x61, count: 900) + Array("\r\n$100\r\n".utf8))
        #expect(throws: RESPError.replyTooLarge(limit: 1000)) { try bulk.next() }
    }

    @Test("RESP-LIMIT-NO-PREALLOCATION: a declared length reserves nothing; storage follows the bytes that arrived")
    func noPreallocation() throws {
        var parser = RESPParser()
        #expect(try parser.parse(Array("$536870912\r\n".utf8)).isEmpty)
        #expect(parser.bufferedByteCount == 12)
        var aggregate = RESPParser()
        #expect(try aggregate.parse(Array("*1048576\r\n:1\r\n".utf8)).isEmpty)
        #expect(aggregate.bufferedByteCount == 0)
        #expect(aggregate.hasPartialValue)
        // The bulk completes when its bytes arrive, in any chunking.
        var small = RESPParser()
        #expect(try small.parse(Array("$5\r\nhel".utf8)).isEmpty)
        #expect(try small.parse(Array("lo\r\n".utf8)) == [.bulkString(Array("hello".utf8))])
    }
}
