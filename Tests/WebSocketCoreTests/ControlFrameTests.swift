import Testing
import WebSocketCore

@Suite struct ControlFrameTests {
    @Test("RFC6455-5.4-CONTROL-INTERLEAVED: pings between fragments are answered and the message is intact")
    func interleaved() throws {
        let stream = clientFrame(.text, Array("Hel".utf8), fin: false) + clientFrame(.ping, [1, 2])
            + clientFrame(.continuation, Array("lo".utf8), fin: false) + clientFrame(.pong, [3])
            + clientFrame(.continuation, Array("!".utf8), fin: true)
        let result = try drive(.server, [stream])
        #expect(result.events == [.ping([1, 2]), .pong([3]), .message(.text("Hello!"))])
        let replies = try decodeFrames(result.outbound, sentBy: .server)
        #expect(replies == [Frame(opcode: .pong, payload: [1, 2])])
    }

    @Test("RFC6455-5.5.2-PING-PONG: a ping is reported and answered with the same payload; autoPong can be off")
    func pingPong() throws {
        let payload = Array("are you there".utf8)
        let result = try drive(.server, [clientFrame(.ping, payload)])
        #expect(result.events == [.ping(payload)])
        #expect(try decodeFrames(result.outbound, sentBy: .server) == [Frame(opcode: .pong, payload: payload)])
        var quiet = ConnectionConfiguration()
        quiet.autoPong = false
        let silent = try drive(.server, [clientFrame(.ping, payload)], configuration: quiet)
        #expect(silent.events == [.ping(payload)])
        #expect(silent.outbound.isEmpty)
    }

    @Test("RFC6455-5.5.3-UNSOLICITED-PONG: an unsolicited pong is reported and nothing is sent")
    func unsolicitedPong() throws {
        let result = try drive(.server, [clientFrame(.pong, [9])])
        #expect(result.events == [.pong([9])])
        #expect(result.outbound.isEmpty)
        #expect(!result.closed)
    }

    @Test("WS-CONTROL-SEND-LEN: sending a ping or pong over 125 bytes is a UsageError")
    func sendLimit() throws {
        var connection = try Connection.established(role: .client)
        #expect(throws: UsageError.controlPayloadTooLong(126)) { try connection.ping([UInt8](repeating: 0, count: 126)) }
        #expect(throws: UsageError.controlPayloadTooLong(200)) { try connection.pong([UInt8](repeating: 0, count: 200)) }
        #expect(connection.outboundByteCount == 0)
        try connection.ping([UInt8](repeating: 0, count: 125))
        #expect(connection.outboundByteCount == 2 + 4 + 125)
    }
}
