import Testing
import WebSocketCore

@Suite struct FragmentationTests {
    @Test("RFC6455-5.4-REASSEMBLY: fragments of text and binary messages are joined in order")
    func reassembly() throws {
        let binary: [UInt8] = Array(0..<200)
        let stream = clientFrame(.binary, Array(binary[0..<50]), fin: false)
            + clientFrame(.continuation, [], fin: false)
            + clientFrame(.continuation, Array(binary[50..<199]), fin: false)
            + clientFrame(.continuation, Array(binary[199...]), fin: true)
            + clientFrame(.text, Array("κό".utf8).prefix(3).map { $0 }, fin: false)
            + clientFrame(.continuation, Array(Array("κό".utf8).dropFirst(3)), fin: true)
        for size in [1, 5, stream.count] {
            let result = try drive(.server, chunked(stream, by: size))
            #expect(result.events == [.message(.binary(binary)), .message(.text("κό"))], "chunk size \(size)")
        }
    }

    @Test("RFC6455-5.4-CONTINUATION-WITHOUT-START: a continuation with nothing to continue fails with 1002")
    func continuationWithoutStart() throws {
        let result = try drive(.server, [clientFrame(.continuation, Array("x".utf8))])
        #expect(result.failure == .unexpectedContinuation)
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-5.4-NEW-MESSAGE-MID-FRAGMENT: a new data frame inside a fragmented message fails with 1002")
    func newMessageMidFragment() throws {
        let stream = clientFrame(.text, Array("a".utf8), fin: false) + clientFrame(.binary, [1])
        let result = try drive(.server, [stream])
        #expect(result.failure == .expectedContinuation)
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-8.1-INVALID-TEXT-1007: invalid UTF-8 fails with 1007 at the fragment that breaks it")
    func invalidText() throws {
        // The second fragment is invalid; the final fragment never arrives, and the failure comes anyway.
        let stream = clientFrame(.text, Array("ok".utf8), fin: false) + clientFrame(.continuation, [0xC0, 0xAF], fin: false)
        let result = try drive(.server, [stream])
        #expect(result.failure == .invalidUTF8)
        #expect(result.closeCode == .invalidPayloadData)
        // A code point split across fragments is fine.
        let euro = Array("€".utf8)
        let split = clientFrame(.text, [euro[0]], fin: false) + clientFrame(.continuation, [euro[1]], fin: false)
            + clientFrame(.continuation, [euro[2]], fin: true)
        #expect(try drive(.server, [split]).events == [.message(.text("€"))])
        // Truncated at the message's end.
        let truncated = try drive(.server, [clientFrame(.text, [euro[0], euro[1]])])
        #expect(truncated.failure == .invalidUTF8)
    }

    @Test("WS-LIMIT-MESSAGE-SIZE: limit - 1 and limit pass, limit + 1 fails with 1009, single and fragmented")
    func messageLimit() throws {
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumMessageSize = 1000
        for size in [999, 1000, 1001] {
            let payload = [UInt8](repeating: 0x61, count: size)
            let single = try drive(.server, [clientFrame(.binary, payload)], configuration: configuration)
            let fragmented = try drive(
                .server,
                [clientFrame(.text, Array(payload[0..<500]), fin: false) + clientFrame(.continuation, Array(payload[500...]))],
                configuration: configuration)
            if size <= 1000 {
                #expect(single.events == [.message(.binary(payload))])
                #expect(fragmented.events == [.message(Message(kind: .text, bytes: payload))])
            } else {
                #expect(single.failure == .messageTooLarge(limit: 1000))
                #expect(single.closeCode == .messageTooBig)
                #expect(fragmented.failure == .messageTooLarge(limit: 1000))
            }
        }
    }

    @Test("WS-LIMIT-FRAGMENTS: more fragments than the limit fail with 1009, even when empty")
    func fragmentLimit() throws {
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumFragmentsPerMessage = 10
        var stream = clientFrame(.binary, [], fin: false)
        for _ in 0..<8 { stream += clientFrame(.continuation, [], fin: false) }
        let atLimit = try drive(.server, [stream + clientFrame(.continuation, [1])], configuration: configuration)
        #expect(atLimit.events == [.message(.binary([1]))])
        stream += clientFrame(.continuation, [], fin: false)
        let over = try drive(.server, [stream + clientFrame(.continuation, [1])], configuration: configuration)
        #expect(over.failure == .tooManyFragments(limit: 10))
        #expect(over.closeCode == .messageTooBig)
    }

    @Test("WS-SEND-FRAGMENTED: messages go out whole, split by size, or as supplied fragments; misuse is a UsageError")
    func sendFragmented() throws {
        var connection = try Connection.established(role: .server)
        try connection.send(.binary(Array(0..<10)), maximumFrameSize: 4)
        try connection.beginFragmentedMessage(.text, Array("he".utf8))
        #expect(throws: UsageError.fragmentedMessageOpen) { try connection.send(text: "no") }
        try connection.ping([7])
        try connection.continueFragmentedMessage(Array("llo".utf8), isFinal: true)
        #expect(throws: UsageError.noFragmentedMessageOpen) { try connection.continueFragmentedMessage([], isFinal: true) }
        let frames = try decodeFrames(connection.takeOutboundBytes(), sentBy: .server)
        #expect(frames.map(\.header.opcode) == [.binary, .continuation, .continuation, .text, .ping, .continuation])
        #expect(frames.map(\.header.fin) == [false, false, true, false, true, true])
        #expect(frames.map(\.payload) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9], Array("he".utf8), [7], Array("llo".utf8)])
        // And the receiving side reassembles them.
        var client = try Connection.established(role: .client)
        var events: [ConnectionEvent] = []
        let bytes = frames.flatMap(\.encoded)
        switch client.receive(bytes, into: &events) {
        case .open(let still): client = still
        case .closed: Issue.record("closed unexpectedly"); return
        }
        #expect(events == [.message(.binary(Array(0..<10))), .ping([7]), .message(.text("hello"))])
        _ = client.abort()
    }
}

@Suite struct LargeFrameAcrossInputsTests {
    @Test("WS-DECODER-NO-COPY: a large frame spanning many inputs arrives intact, validated, in any chunking")
    func largeFrameSpanningInputs() throws {
        let text = String(repeating: "κόσμε €𝄞 plain ascii ", count: 4000)
        let bytes = Array(text.utf8)
        let stream = clientFrame(.text, bytes) + clientFrame(.binary, Array(bytes.prefix(70_000)))
        for size in [1_000, 4_093, 65_536, stream.count] {
            let result = try drive(.server, chunked(stream, by: size))
            #expect(result.events == [.message(.text(text)), .message(.binary(Array(bytes.prefix(70_000))))], "chunk \(size)")
        }
        // Invalid UTF-8 near the end of a large frame fails with 1007 before the frame completes.
        var broken = bytes
        broken[bytes.count - 10] = 0xFF
        let failed = try drive(.server, chunked(clientFrame(.text, broken), by: 5_000))
        #expect(failed.failure == .invalidUTF8)
    }
}
