import Testing
import WebSocketCore

/// An extension that transforms nothing and counts its idle-memory releases.
private final class CountingExtension: WebSocketExtension {
    let name = "x-count"
    let reservedBits: ReservedBits = .rsv1
    var releases = 0

    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { false }

    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {
        output.append(contentsOf: input)
    }

    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) {
        (payload, [])
    }

    func releaseIdleMemory() { releases += 1 }
}

@Suite struct SessionExtensionIdleTests {
    @Test("WS-SESSION-EXTENSION-IDLE: idle extension memory is released once per quiet spell, never mid-message")
    func extensionIdle() throws {
        var configuration = SessionConfiguration()
        configuration.keepalive = nil
        configuration.extensionIdleMemoryRelease = .seconds(30)
        let ext = CountingExtension()
        let h = try SessionHarness.openServer(configuration, extensions: [ext])
        h.advance(by: .seconds(30))
        #expect(ext.releases == 1, "no message since the session opened")
        h.advance(by: .seconds(60))
        #expect(ext.releases == 1, "once per quiet spell")
        h.feed(clientFrame(.text, Array("hi".utf8)))
        h.advance(by: .seconds(30))
        #expect(ext.releases == 1, "a message went by since the last check")
        h.feed(clientFrame(.text, Array("hal".utf8), fin: false))
        h.advance(by: .seconds(60))
        #expect(ext.releases == 1, "not while a message is being received")
        h.feed(clientFrame(.continuation, Array("f".utf8)))
        h.advance(by: .seconds(60))
        #expect(ext.releases == 2)
        #expect(h.notices == [.extensionMemoryReleased, .extensionMemoryReleased])
    }
}
