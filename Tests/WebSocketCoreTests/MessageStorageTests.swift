import PackageTestSupport
import Testing
@testable import WebSocketCore

@Suite struct MessageStorageTests {
    /// Bytes copied when storage grows from empty to hold `total` bytes arriving in pieces of `piece` bytes, and
    /// how many times it grew, under the fragment policy.
    private static func fragmentGrowth(total: Int, piece: Int, limit: Int) -> (copied: Int, growths: Int, peak: Int) {
        var count = 0
        var fill = 0
        var copied = 0
        var growths = 0
        while fill < total {
            let n = min(piece, total - fill)
            if fill + n > count {
                count = MessageBufferGrowth.grownCountForFragments(current: count, needed: fill + n, limit: limit)
                copied += fill
                growths += 1
            }
            fill += n
        }
        return (copied, growths, count)
    }

    @Test("WS-LIMIT-LINEAR-REASSEMBLY: fragment storage grows fourfold: growths copy less than twice the message, peak under 4x")
    func fragmentGrowthIsGeometric() {
        for (total, piece) in [(4 << 20, 128), (4 << 20, 1), (1 << 20, 1000), (16 << 20, 4096), (300, 7)] {
            let growth = Self.fragmentGrowth(total: total, piece: piece, limit: 16 << 20)
            #expect(growth.copied < 2 * total, "\(total) bytes in \(piece)-byte pieces copied \(growth.copied)")
            #expect(growth.growths <= 2 + total.bitWidth - total.leadingZeroBitCount, "\(growth.growths) growths")
            #expect(growth.peak <= max(MessageBufferGrowth.fragmentFactor * total, 256) && growth.peak <= 16 << 20)
            #expect(!MessageBufferGrowth.shouldTrim(count: 2 * total, fill: total))
            #expect(MessageBufferGrowth.shouldTrim(count: 2 * total + 1, fill: total))
        }
    }

    @Test("WS-LIMIT-LINEAR-REASSEMBLY: 4 MiB in 32,768 fragments arrives intact, plain text and binary")
    func manyFragments() async throws {
        try await offCooperativePool { () throws in
            var configuration = ConnectionConfiguration()
            configuration.limits.maximumFragmentsPerMessage = 1 << 15
            let payload = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 % 26 + 97) }
            for kind in [Message.Kind.binary, .text] {
                var stream: [UInt8] = []
                stream.reserveCapacity(payload.count + (1 << 15) * 6)
                var start = 0
                while start < payload.count {
                    let end = start + 128
                    let opcode: Opcode = start == 0 ? (kind == .text ? .text : .binary) : .continuation
                    stream += clientFrame(opcode, Array(payload[start..<end]), fin: end == payload.count)
                    start = end
                }
                let result = try drive(.server, chunked(stream, by: 65_536), configuration: configuration)
                #expect(result.failure == nil)
                #expect(result.events == [.message(Message(kind: kind, bytes: payload))])
            }
        }
    }

    @Test("WS-LIMIT-STORAGE-FOLLOWS-BYTES: a 16 MiB header alone reserves at most 64 KiB; storage follows the bytes")
    func headerAloneReservesLittle() async throws {
        try await offCooperativePool { () throws in
            let declared = 16 << 20
            var configuration = ConnectionConfiguration()
            configuration.limits.maximumMessageSize = declared
            configuration.limits.maximumFrameSize = declared
            let payload = (0..<declared).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let frame = clientFrame(.binary, payload)
            let headerSize = frame.count - payload.count
            var open: Connection<Open>? = try Connection.established(role: .server, configuration: configuration)
            var events: [ConnectionEvent] = []
            var position = 0
            var maximumRatio = 0.0
            func feed(_ count: Int) {
                guard let connection = open.take() else { return }
                let end = min(position + count, frame.count)
                switch connection.receive(Array(frame[position..<end]), into: &events) {
                case .open(let still): open = consume still
                case .closed: Issue.record("closed")
                }
                position = end
            }
            feed(headerSize)
            let afterHeader = open?.directReceiveCapacity ?? -1
            #expect(afterHeader > 0 && afterHeader <= MessageBufferGrowth.initialCapacity, "capacity \(afterHeader)")
            // Alternate small reads and direct reads; the storage offered never runs far ahead of what arrived.
            var step = 0
            while position < frame.count {
                step += 1
                let capacity = open?.directReceiveCapacity ?? 0
                let received = position - headerSize
                if capacity > 0 {
                    let storage = received + capacity
                    maximumRatio = max(maximumRatio, Double(storage) / Double(max(received, MessageBufferGrowth.initialCapacity)))
                    #expect(storage <= max(MessageBufferGrowth.initialCapacity, 20 * received), "\(storage) for \(received)")
                }
                if step % 3 == 0 || capacity == 0 {
                    feed(4096)
                } else if let connection = open.take() {
                    let count = min(capacity, 200_000)
                    let start = position
                    switch connection.receiveDirect(into: &events, { destination in
                        frame.withUnsafeBytes { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<start + count])) }
                        return count
                    }) {
                    case .open(let still): open = consume still
                    case .closed: Issue.record("closed")
                    }
                    position += count
                }
            }
            #expect(events == [.message(.binary(payload))])
            #expect(maximumRatio <= 20)
        }
    }

    @Test("WS-LIMIT-STORAGE-FOLLOWS-BYTES: single-frame growth reaches the declared total in few steps, never beyond")
    func singleFrameGrowth() {
        for total in [4096, 65_536, 65_537, 1 << 20, (1 << 20) + 1, 5 << 20, 16 << 20] {
            var count = MessageBufferGrowth.firstCount(declaredTotal: total)
            #expect(count <= MessageBufferGrowth.initialCapacity)
            var copied = 0
            while count < total {
                copied += count
                let next = MessageBufferGrowth.grownCount(current: count, needed: count + 1, declaredTotal: total)
                #expect(next > count && next <= total && next <= 20 * count)
                count = next
            }
            #expect(copied <= total / 4 + MessageBufferGrowth.initialCapacity, "\(total): copied \(copied)")
        }
    }

    @Test("WS-LIMIT-VALIDATED: invalid limits are refused when a connection is made, with a typed error")
    func invalidLimitsRefused() throws {
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumMessageSize = -1
        #expect(throws: ConfigurationError("maximumMessageSize", "must be at least 1")) {
            _ = try Connection.established(role: .server, configuration: configuration)
        }
        #expect(throws: ConfigurationError("maximumMessageSize", "must be at least 1")) {
            _ = try ServerHandshakeReader(configuration: configuration)
        }
        let handshake = try ClientHandshake(host: "example.com")
        #expect(throws: ConfigurationError("maximumMessageSize", "must be at least 1")) {
            _ = try ClientHandshakeDriver(handshake: handshake, configuration: configuration)
        }
        configuration.limits = Limits()
        configuration.limits.maximumFrameSize = 0
        #expect(throws: ConfigurationError.self) { _ = try Connection.established(role: .client, configuration: configuration) }
        #expect(throws: Never.self) { _ = try Connection.established(role: .client, configuration: .init()) }
    }
}
