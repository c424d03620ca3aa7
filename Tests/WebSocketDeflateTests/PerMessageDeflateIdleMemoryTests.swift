import Testing
import WebSocketCore
import WebSocketDeflate

@Suite struct PerMessageDeflateIdleMemoryTests {
    /// Messages that fill every window: small ones and ones larger than 32 KiB.
    static let traffic = TestCorpus.longSequence(seed: 21)

    /// Sends `message` from `sender` to `receiver`'s `decode` (when compressed) and checks it arrives whole.
    static func exchange(_ sender: PerMessageDeflateExtension, _ receiver: PerMessageDeflateExtension, _ message: [UInt8]) throws {
        let (payload, bits) = sender.encode(message, kind: .binary)
        guard try receiver.beginDecoding(firstFrameReservedBits: bits) else {
            #expect(payload == message)
            return
        }
        var output: [UInt8] = []
        try payload.withUnsafeBytes { try receiver.decode($0, isFinal: false, into: &output, limit: .max) }
        try receiver.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &output, limit: .max)
        #expect(output == message)
    }

    @Test("WS-DEFLATE-IDLE-SHRINK: an idle connection keeps only the windows of history: at most 96 KB with takeover at window 15, nothing without")
    func idleBound() throws {
        for bits in 8...15 {
            for takeover in [true, false] {
                let settings = PerMessageDeflateSettings(
                    serverNoContextTakeover: !takeover, clientNoContextTakeover: !takeover,
                    serverMaxWindowBits: bits, clientMaxWindowBits: bits)
                let server = PerMessageDeflateExtension(role: .server, settings: settings)
                let client = PerMessageDeflateExtension(role: .client, settings: settings)
                for message in Self.traffic where message.count >= 128 {
                    try Self.exchange(server, client, message)
                    try Self.exchange(client, server, message)
                }
                let full = PerMessageDeflate.memoryPerConnection(settings: settings, role: .server)
                #expect(server.allocatedBytes == full.deflater + full.inflater)
                server.releaseIdleMemory()
                client.releaseIdleMemory()
                let idle = PerMessageDeflate.idleMemoryPerConnection(settings: settings, role: .server)
                // The deflater keeps the bytes behind its position: a window, or a little less just after a slide.
                let slack = takeover ? 300 : 0
                for end in [server, client] {
                    #expect((idle.deflater + idle.inflater - slack...idle.deflater + idle.inflater).contains(end.allocatedBytes), "window \(bits), takeover \(takeover)")
                }
                if takeover {
                    #expect(idle.deflater == (1 << bits) + (1 << bits) / 8 && idle.inflater == 1 << bits)
                } else {
                    #expect(idle.deflater == 0 && idle.inflater == 0)
                }
                // Released twice: no change. Then the next messages rebuild the codecs and still round-trip.
                let released = server.allocatedBytes
                server.releaseIdleMemory()
                #expect(server.allocatedBytes == released)
                for message in Self.traffic.suffix(3) where message.count >= 128 {
                    try Self.exchange(server, client, message)
                    try Self.exchange(client, server, message)
                }
                #expect(server.allocatedBytes == full.deflater + full.inflater)
            }
        }
        let window15 = PerMessageDeflate.idleMemoryPerConnection(settings: .init(), role: .server)
        #expect(window15.deflater + window15.inflater == 69_632)
        #expect(window15.deflater + window15.inflater <= 96 * 1024)
    }

    @Test("WS-DEFLATE-IDLE-SHRINK-TRANSPARENT: releases at random points between messages change no byte on the wire, and the peer decodes every message")
    func wireUnchanged() throws {
        for bits in [8, 11, 15] {
            for level in [DeflateLevel.fastest, .default, .best] {
                var configuration = PerMessageDeflateConfiguration()
                configuration.level = level
                configuration.compressionThreshold = 0
                let settings = PerMessageDeflateSettings(serverMaxWindowBits: bits, clientMaxWindowBits: bits)
                let reference = PerMessageDeflateExtension(role: .server, settings: settings, configuration: configuration)
                let released = PerMessageDeflateExtension(role: .server, settings: settings, configuration: configuration)
                let receiver = PerMessageDeflateExtension(role: .client, settings: settings, configuration: configuration)
                let releases = TestCorpus.releasePoints(count: Self.traffic.count, seed: UInt64(bits * 10 + level.value))
                for (index, message) in Self.traffic.enumerated() {
                    if releases.contains(index) {
                        released.releaseIdleMemory()
                        receiver.releaseIdleMemory()
                    }
                    let expected = reference.encode(message, kind: .binary)
                    let sent = released.encode(message, kind: .binary)
                    #expect(sent.payload == expected.payload && sent.reservedBits == expected.reservedBits, "window \(bits), level \(level.value), message \(index)")
                    #expect(try receiver.beginDecoding(firstFrameReservedBits: sent.reservedBits))
                    var output: [UInt8] = []
                    try sent.payload.withUnsafeBytes { try receiver.decode($0, isFinal: false, into: &output, limit: .max) }
                    try receiver.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &output, limit: .max)
                    #expect(output == message)
                }
            }
        }
    }

    @Test("WS-DEFLATE-IDLE-SHRINK-TRANSPARENT: a release while a compressed message is half received leaves its inflater alone")
    func midMessageRelease() throws {
        let message = TestCorpus.english(12_000, seed: 12)
        let payload = compressed(message)
        let inbound = PerMessageDeflateExtension(role: .server, settings: .init())
        let server = DeflatePeer(try Connection.established(role: .server, extensions: [inbound]))
        let half = payload.count / 2
        server.receive(clientFrame(.text, Array(payload[..<half]), fin: false, rsv: .rsv1))
        let before = inbound.allocatedBytes
        #expect(before == Inflater.memoryFootprint(windowBits: 15))
        // The connection refuses mid-message; the extension, called directly, skips its inflater too.
        #expect(server.open?.releaseIdleExtensionMemory() == false)
        inbound.releaseIdleMemory()
        #expect(inbound.allocatedBytes == before)
        server.receive(clientFrame(.continuation, Array(payload[half...])))
        #expect(server.messages == [.text(String(decoding: message, as: UTF8.self))])
        #expect(server.open?.releaseIdleExtensionMemory() == true)
        #expect(inbound.allocatedBytes == min(message.count, 1 << 15))
        // And the next message, referring to the first, still decodes.
        var deflater = Deflater()
        _ = deflater.compressMessage(message)
        let next = TestCorpus.english(5_000, seed: 12)
        server.receive(clientFrame(.text, deflater.compressMessage(next), rsv: .rsv1))
        #expect(server.messages.last == .text(String(decoding: next, as: UTF8.self)))
    }

    @Test("WS-EXTENSION-IDLE-RELEASE: the connection calls each extension's releaseIdleMemory between messages only; the default does nothing")
    func connectionCallsExtensions() throws {
        let counting = CountingExtension()
        let silent = SilentExtension()
        silent.releaseIdleMemory()
        let pair = DeflatePeer(try Connection.established(role: .server, extensions: [counting, silent]))
        #expect(pair.open?.releaseIdleExtensionMemory() == true)
        #expect(counting.releases == 1)
        // An incoming fragmented message in progress: skipped.
        pair.receive(clientFrame(.binary, [1, 2, 3], fin: false))
        #expect(pair.open?.releaseIdleExtensionMemory() == false)
        pair.receive(clientFrame(.continuation, [4]))
        #expect(pair.messages == [.binary([1, 2, 3, 4])])
        #expect(pair.open?.releaseIdleExtensionMemory() == true)
        #expect(counting.releases == 2)
        // An outgoing fragmented message in progress: skipped.
        try pair.open?.beginFragmentedMessage(.binary, [1])
        #expect(pair.open?.releaseIdleExtensionMemory() == false)
        try pair.open?.continueFragmentedMessage([2], isFinal: true)
        #expect(pair.open?.releaseIdleExtensionMemory() == true)
        #expect(counting.releases == 3)
    }
}

/// An extension that claims nothing and counts the idle releases it is asked for.
private final class CountingExtension: WebSocketExtension {
    let name = "x-counting"
    let reservedBits = ReservedBits()
    var releases = 0
    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { false }
    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {}
    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) { (payload, []) }
    func releaseIdleMemory() { releases += 1 }
}

/// An extension that relies on the default `releaseIdleMemory()`.
private final class SilentExtension: WebSocketExtension {
    let name = "x-silent"
    let reservedBits = ReservedBits()
    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { false }
    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {}
    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) { (payload, []) }
}
