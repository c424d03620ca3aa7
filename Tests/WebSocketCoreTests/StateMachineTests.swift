import Testing
import WebSocketCore

@Suite struct StateMachineTests {
    @Test("WS-STATE-CLOSE-HANDSHAKE: open -> close() -> Closing -> peer's close -> Closed, cleanly")
    func closeHandshake() throws {
        let server = try Connection.established(role: .server)
        let closing = server.close(try ClosePayload(code: .normalClosure, reason: "done"))
        #expect(try decodeFrames(closing.takeOutboundBytes(), sentBy: .server).first?.header.opcode == .close)
        var events: [ConnectionEvent] = []
        switch closing.receive(clientFrame(.close, [0x03, 0xE8]), into: &events) {
        case .closed(let closed):
            #expect(Bool(closed.wasClean))
            #expect(closed.closeCode == .normalClosure)
            #expect(closed.takeOutboundBytes().isEmpty, "no second close is sent")
        case .closing(let c):
            Issue.record("still closing")
            _ = c.abort()
        }
        #expect(events == [.closeReceived(code: .normalClosure, reason: "")])
    }

    @Test("WS-STATE-SANS-IO: a client and a server talk through byte arrays alone")
    func clientServerInMemory() throws {
        var client = try Connection.established(role: .client)
        var server = try Connection.established(role: .server)
        try client.send(text: "hello")
        try client.send(binary: [1, 2, 3])
        var serverEvents: [ConnectionEvent] = []
        switch server.receive(client.takeOutboundBytes(), into: &serverEvents) {
        case .open(let s): server = s
        case .closed: Issue.record("server closed"); return
        }
        #expect(serverEvents == [.message(.text("hello")), .message(.binary([1, 2, 3]))])
        for case .message(let m) in serverEvents { try server.send(m) }
        var clientEvents: [ConnectionEvent] = []
        switch client.receive(server.takeOutboundBytes(), into: &clientEvents) {
        case .open(let c): client = c
        case .closed: Issue.record("client closed"); return
        }
        #expect(clientEvents == serverEvents)
        let closing = client.close()
        serverEvents = []
        switch server.receive(closing.takeOutboundBytes(), into: &serverEvents) {
        case .closed(let s):
            #expect(s.closeCode == .normalClosure)
            clientEvents = []
            switch closing.receive(s.takeOutboundBytes(), into: &clientEvents) {
            case .closed(let c): #expect(Bool(c.wasClean))
            case .closing(let c): Issue.record("client still closing"); _ = c.abort()
            }
        case .open(let s):
            Issue.record("server still open")
            _ = s.abort()
            _ = closing.abort()
        }
    }
}
