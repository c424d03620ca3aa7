import RESP
import Testing

@Suite struct RESPEntriesTests {
    @Test("RESP-ENTRIES: a RESP3 map and a RESP2 flat array give the same pairs; odd arrays and scalars give none")
    func entriesInBothVersions() throws {
        var resp3 = RESPParser()
        var resp2 = RESPParser()
        let map = try resp3.parse(Array("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n".utf8))
        let flat = try resp2.parse(Array("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n".utf8))
        let expected = [
            RESPMapEntry(key: .bulkString(Array("a".utf8)), value: .integer(1)),
            RESPMapEntry(key: .bulkString(Array("b".utf8)), value: .integer(2)),
        ]
        #expect(map.first?.entries == expected)
        #expect(flat.first?.entries == expected)
        #expect(RESPValue.array([]).entries == [])
        #expect(RESPValue.array([.integer(1)]).entries == nil)
        #expect(RESPValue.integer(1).entries == nil)
        #expect(RESPValue.attribute([], .map(expected)).entries == expected)
    }
}
