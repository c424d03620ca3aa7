import Testing
import WebSocketCore

@Suite struct CloseTests {
    private func closeFrame(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
        clientFrame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
    }

    @Test("RFC6455-7.4-CLOSE-CODES-WIRE: only 1000-1003, 1007-1014, 3000-4999 may appear on the wire")
    func wireCodes() throws {
        for raw in UInt16(0)...UInt16(5100) {
            let allowed = (1000...1003).contains(raw) || (1007...1014).contains(raw) || (3000...4999).contains(raw)
            #expect(CloseCode(raw).isAllowedOnWire == allowed, "\(raw)")
        }
        #expect(!CloseCode(UInt16.max).isAllowedOnWire)
        for raw: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535] {
            let result = try drive(.server, [closeFrame(raw)])
            #expect(result.failure == .invalidCloseCode(raw), "\(raw)")
            #expect(result.closeCode == .protocolError)
            #expect(throws: UsageError.closeCodeNotSendable(raw)) { try ClosePayload(code: CloseCode(raw)) }
        }
        for raw: UInt16 in [1000, 1003, 1007, 1014, 3000, 4999] {
            let result = try drive(.server, [closeFrame(raw)])
            #expect(result.failure == nil, "\(raw)")
            #expect(result.closeCode == CloseCode(raw))
        }
    }

    @Test("RFC6455-5.5.1-CLOSE-ONE-BYTE: a 1-byte close payload fails with 1002")
    func oneByte() throws {
        let result = try drive(.server, [clientFrame(.close, [0x03])])
        #expect(result.failure == .closePayloadTooShort)
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-5.5.1-CLOSE-REASON-UTF8: a close reason that is not UTF-8 fails with 1007")
    func reasonUTF8() throws {
        let result = try drive(.server, [closeFrame(1000, [0xCE, 0xBA, 0xE1, 0xBD])])
        #expect(result.failure == .invalidCloseReason)
        #expect(result.closeCode == .invalidPayloadData)
        let frames = try decodeFrames(result.outbound, sentBy: .server)
        #expect(frames.count == 1)
        #expect(Array(frames[0].payload.prefix(2)) == [0x03, 0xEF])  // 1007
        let ok = try drive(.server, [closeFrame(1000, Array("κόσμε".utf8))])
        #expect(ok.events == [.closeReceived(code: .normalClosure, reason: "κόσμε")])
    }

    @Test("RFC6455-5.5-CLOSE-REASON-LEN: a reason over 123 bytes cannot be sent")
    func reasonLength() throws {
        let long = String(repeating: "a", count: 124)
        #expect(throws: UsageError.closeReasonTooLong(124)) { try ClosePayload(code: .normalClosure, reason: long) }
        let ok = try ClosePayload(code: .goingAway, reason: String(repeating: "a", count: 123))
        #expect(ok.bytes.count == 125)
        // A violation's description is cut to fit.
        let failing = ClosePayload(failing: .extensionDataInvalid(extensionName: "x", reason: String(repeating: "b", count: 300)))
        #expect(failing.bytes.count <= 125)
    }

    @Test("RFC6455-5.5.1-CLOSE-REPLY: a close while open is answered with the same code and closes")
    func reply() throws {
        let result = try drive(.server, [closeFrame(4000, Array("bye".utf8))])
        #expect(result.events == [.closeReceived(code: CloseCode(4000), reason: "bye")])
        #expect(try decodeFrames(result.outbound, sentBy: .server) == [Frame(opcode: .close, payload: [0x0F, 0xA0])])
        #expect(result.closed && result.wasClean)
        let empty = try drive(.server, [clientFrame(.close, [])])
        #expect(try decodeFrames(empty.outbound, sentBy: .server) == [Frame(opcode: .close, payload: [])])
        #expect(empty.closeCode == .noStatusReceived)
    }

    @Test("RFC6455-5.5.1-NO-DATA-AFTER-CLOSE: after our close nothing is sent, not even pongs")
    func noDataAfterClose() throws {
        let open = try Connection.established(role: .server)
        let closing = open.close(try ClosePayload(code: .goingAway))
        let sent = try decodeFrames(closing.takeOutboundBytes(), sentBy: .server)
        #expect(sent == [Frame(opcode: .close, payload: [0x03, 0xE9])])
        var events: [ConnectionEvent] = []
        switch closing.receive(clientFrame(.ping, [1]) + clientFrame(.binary, [2]), into: &events) {
        case .closing(let still):
            #expect(events == [.ping([1]), .message(.binary([2]))])
            #expect(still.takeOutboundBytes().isEmpty)
            _ = still.abort()
        case .closed:
            Issue.record("closed without the peer's close")
        }
    }

    @Test("RFC6455-7.1.7-FAIL-STOPS-INPUT: after a violation nothing more is processed")
    func failStopsInput() throws {
        let stream = clientFrame(.continuation, [1]) + clientFrame(.text, Array("ignored".utf8)) + clientFrame(.ping, [])
        let result = try drive(.server, [stream])
        #expect(result.events == [.failed(.unexpectedContinuation)])
        #expect(try decodeFrames(result.outbound, sentBy: .server).count == 1)
        // Even split over several inputs.
        let split = try drive(.server, chunked(stream, by: 3))
        #expect(split.events == [.failed(.unexpectedContinuation)])
    }

    @Test("RFC6455-7.1.5-CLOSE-CODE-REPORTED: 1005 for an empty close, 1006 without a close, else the peer's code")
    func reportedCode() throws {
        #expect(try drive(.server, [clientFrame(.close, [])]).closeCode == .noStatusReceived)
        #expect(try drive(.server, [closeFrame(1001)]).closeCode == .goingAway)
        let aborted = try Connection.established(role: .server).abort()
        #expect(aborted.closeCode == .abnormalClosure)
        #expect(!Bool(aborted.wasClean))
    }

    @Test("RFC6455-7.1.1-SERVER-CLOSES-FIRST: the server closes TCP first; the client waits unless it failed")
    func whoClosesFirst() throws {
        let server = try Connection.established(role: .server).abort()
        #expect(Bool(server.shouldCloseTransportFirst))
        let client = try Connection.established(role: .client).abort()
        #expect(!Bool(client.shouldCloseTransportFirst))
        var events: [ConnectionEvent] = []
        switch try Connection.established(role: .client).receive(clientFrame(.text, [1]), into: &events) {
        case .closed(let failed):
            #expect(failed.failure == .maskedServerFrame)
            #expect(Bool(failed.shouldCloseTransportFirst))
        case .open(let c):
            Issue.record("should have failed")
            _ = c.abort()
        }
    }
}

@Suite struct CloseAfterMessagesTests {
    @Test("WS-CLOSE-AFTER-MESSAGES: messages before a violation or close can be answered before the close goes out")
    func answerBeforeClose() throws {
        for tail in [clientFrame(.binary, [1], rsv: .rsv2), clientFrame(.close, [0x03, 0xE8])] {
            let stream = clientFrame(.text, Array("first".utf8)) + tail + clientFrame(.text, Array("never".utf8))
            var events: [ConnectionEvent] = []
            switch try Connection.established(role: .server).receive(stream, into: &events) {
            case .open(var open):
                #expect(events == [.message(.text("first"))])
                let held = open.hasBufferedInput
                #expect(held)
                try open.send(text: "first")
                events = []
                switch open.receive([], into: &events) {
                case .closed(let closed):
                    let frames = try decodeFrames(closed.takeOutboundBytes(), sentBy: .server)
                    #expect(frames.map(\.header.opcode) == [.text, .close], "the echo leaves before the close")
                    #expect(events.count == 1)
                case .open(let still):
                    Issue.record("still open")
                    _ = still.abort()
                }
            case .closed(let closed):
                Issue.record("closed at once: \(closed.closeCode)")
            }
        }
    }
}
