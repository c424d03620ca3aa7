import Foundation
import Testing
import WebSocketCore

private struct FrameVectorFile: Decodable {
    struct ExpectedFrame: Decodable {
        var fin: Bool
        var opcode: UInt8
        var maskHex: String?
        var payloadHex: String?
        var payloadLength: Int?
    }
    struct ExpectedMessage: Decodable {
        var kind: String
        var text: String
    }
    struct Case: Decodable {
        var name: String
        var sender: String
        var hex: String?
        var headerHex: String?
        var payloadLength: Int?
        var frames: [ExpectedFrame]
        var message: ExpectedMessage?
    }
    var cases: [Case]
}

@Suite struct FrameDecoderTests {
    private func wireBytes(_ c: FrameVectorFile.Case) -> [UInt8] {
        if let hex = c.hex { return [UInt8](hex: hex) }
        return [UInt8](hex: c.headerHex!) + [UInt8](repeating: 0, count: c.payloadLength!)
    }

    @Test("RFC6455-5.7-EXAMPLES: the RFC's example frames decode and re-encode exactly")
    func rfcExamples() throws {
        let file: FrameVectorFile = try PackageFiles.vectorJSON("rfc6455-frames.json")
        #expect(file.cases.count == 7)
        for c in file.cases {
            let sender: Role = c.sender == "client" ? .client : .server
            let bytes = wireBytes(c)
            let frames = try decodeFrames(bytes, sentBy: sender)
            #expect(frames.count == c.frames.count, "\(c.name)")
            var reencoded: [UInt8] = []
            for (frame, expected) in zip(frames, c.frames) {
                #expect(frame.header.fin == expected.fin, "\(c.name)")
                #expect(frame.header.opcode.rawValue == expected.opcode, "\(c.name)")
                #expect(frame.header.maskingKey?.bytes == expected.maskHex.map { [UInt8](hex: $0) }, "\(c.name)")
                if let payloadHex = expected.payloadHex { #expect(frame.payload == [UInt8](hex: payloadHex), "\(c.name)") }
                if let length = expected.payloadLength { #expect(frame.payload.count == length, "\(c.name)") }
                reencoded += frame.encoded
            }
            #expect(reencoded == bytes, "\(c.name): encoding gives the same bytes")
            if let message = c.message {
                let receiver: Role = sender == .client ? .server : .client
                let result = try drive(receiver, [bytes])
                #expect(result.events == [.message(.text(message.text))], "\(c.name)")
            }
        }
    }

    @Test("WS-DECODER-CHUNKING: same frames for every chunk size, including one byte at a time")
    func chunkingIndependence() throws {
        var stream: [UInt8] = []
        for (i, length) in [0, 1, 125, 126, 127, 1000, 65535, 65536, 70000].enumerated() {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
            stream += clientFrame(i % 2 == 0 ? .binary : .text, payload.map { $0 & 0x7F }, fin: true)
            stream += clientFrame(.ping, Array(payload.prefix(125)))
        }
        let whole = try decodeFrames(stream, sentBy: .client)
        #expect(whole.count == 18)
        for size in [1, 2, 3, 7, 13, 64, 1000, 4096] {
            var decoder = FrameDecoder(role: .server)
            var partial: Frame?
            var frames: [Frame] = []
            for chunk in chunked(stream, by: size) {
                frames += try chunk.withUnsafeBytes { try Frame.decodeAll($0, with: &decoder, partial: &partial) }
            }
            #expect(frames == whole, "chunk size \(size)")
            #expect(decoder.isAtFrameBoundary)
        }
    }

    @Test("WS-DECODER-CHUNKING: the same error for every chunking of an invalid stream")
    func chunkingIndependentErrors() {
        let stream = clientFrame(.text, Array("ok".utf8)) + [0x83, 0x80, 1, 2, 3, 4]  // then reserved opcode 0x3
        for size in [1, 2, 5, stream.count] {
            var decoder = FrameDecoder(role: .server)
            var partial: Frame?
            var thrown: ProtocolViolation?
            for chunk in chunked(stream, by: size) {
                do {
                    _ = try chunk.withUnsafeBytes { try Frame.decodeAll($0, with: &decoder, partial: &partial) }
                } catch {
                    thrown = error as? ProtocolViolation
                    break
                }
            }
            #expect(thrown == .reservedOpcode(.reservedNonControl3), "chunk size \(size)")
        }
    }

    @Test("WS-DECODER-EARLY-LIMIT: an oversized frame fails at its header, before any payload byte is consumed")
    func earlyLimit() throws {
        var limits = Limits()
        limits.maximumFrameSize = 1000
        var decoder = FrameDecoder(role: .server, limits: limits)
        let header = FrameHeader(opcode: .binary, maskingKey: MaskingKey(1, 2, 3, 4), payloadLength: 1001).bytes
        let bytes = header + [UInt8](repeating: 0, count: 10)
        bytes.withUnsafeBytes { raw in
            var input = raw
            #expect(throws: ProtocolViolation.frameTooLarge(length: 1001, limit: 1000)) { _ = try decoder.next(from: &input) }
            #expect(input.count >= 10, "no payload byte was consumed")
        }
        // Failed for good: later input is not processed (RFC 6455 §7.1.7).
        [UInt8](clientFrame(.text, [])).withUnsafeBytes { raw in
            var input = raw
            #expect(throws: ProtocolViolation.frameTooLarge(length: 1001, limit: 1000)) { _ = try decoder.next(from: &input) }
        }
        let result = try drive(.server, [bytes], configuration: ConnectionConfiguration(limits: limits))
        #expect(result.closeCode == .messageTooBig)
    }

    @Test("WS-DECODER-NO-COPY: payload slices point into the caller's input; only a split header is buffered")
    func noCopy() throws {
        let frame = clientFrame(.binary, [UInt8](repeating: 7, count: 300))
        try frame.withUnsafeBytes { raw in
            var input = raw
            var decoder = FrameDecoder(role: .server)
            guard case .frameStart(let header) = try decoder.next(from: &input) else { Issue.record("no header"); return }
            #expect(header.payloadLength == 300)
            guard case .payload(let slice, let offset) = try decoder.next(from: &input) else { Issue.record("no payload"); return }
            #expect(offset == 0)
            #expect(slice.baseAddress == raw.baseAddress! + 8, "the slice is the input's own memory")
            #expect(slice.count == 300)
            guard case .frameEnd = try decoder.next(from: &input) else { Issue.record("no end"); return }
            #expect(try decoder.next(from: &input) == nil)
        }
    }

    @Test("RFC6455-5.2-RESERVED-OPCODE: every reserved opcode fails with 1002")
    func reservedOpcodes() throws {
        for opcode in Opcode.allCases where opcode.isReserved {
            let result = try drive(.server, [clientFrame(opcode, [])])
            #expect(result.failure == .reservedOpcode(opcode))
            #expect(result.closeCode == .protocolError)
        }
    }

    @Test("RFC6455-5.2-RSV-UNNEGOTIATED: reserved bits without an extension fail with 1002")
    func reservedBits() throws {
        for bits: ReservedBits in [.rsv1, .rsv2, .rsv3, [.rsv1, .rsv3]] {
            let result = try drive(.server, [clientFrame(.text, Array("x".utf8), rsv: bits)])
            #expect(result.failure == .reservedBitsNotNegotiated(bits))
            #expect(result.closeCode == .protocolError)
        }
    }

    @Test("RFC6455-5.1-SERVER-REQUIRES-MASK: a server fails an unmasked frame with 1002")
    func serverRequiresMask() throws {
        let result = try drive(.server, [serverFrame(.text, Array("hi".utf8))])
        #expect(result.failure == .unmaskedClientFrame)
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-5.1-CLIENT-REJECTS-MASK: a client fails a masked frame with 1002")
    func clientRejectsMask() throws {
        let result = try drive(.client, [clientFrame(.text, Array("hi".utf8))])
        #expect(result.failure == .maskedServerFrame)
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-5.5-CONTROL-LEN: a control frame over 125 bytes fails with 1002 at its second byte")
    func controlLength() throws {
        var decoder = FrameDecoder(role: .server)
        let bytes: [UInt8] = [0x89, 0x80 | 126]
        bytes.withUnsafeBytes { raw in
            var input = raw
            #expect(throws: ProtocolViolation.controlFrameTooLong(126)) { _ = try decoder.next(from: &input) }
        }
        let result = try drive(.server, [clientFrame(.ping, [UInt8](repeating: 1, count: 126))])
        #expect(result.closeCode == .protocolError)
        let ok = try drive(.server, [clientFrame(.ping, [UInt8](repeating: 1, count: 125))])
        #expect(ok.events == [.ping([UInt8](repeating: 1, count: 125))])
    }

    @Test("RFC6455-5.5-CONTROL-FIN: a fragmented control frame fails with 1002")
    func controlFin() throws {
        for opcode in [Opcode.ping, .pong, .close] {
            let result = try drive(.server, [clientFrame(opcode, [], fin: false)])
            #expect(result.failure == .fragmentedControlFrame)
            #expect(result.closeCode == .protocolError)
        }
    }
}
