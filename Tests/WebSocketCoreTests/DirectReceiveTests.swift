import Testing
import WebSocketCore

/// Feeds `stream` to a fresh open connection the way a transport with direct reads does: whenever the connection
/// offers direct receive capacity, the next step's bytes are "read" straight into its destination; otherwise they
/// go through `receive`. `steps` are the read sizes, used in turn.
private func driveDirect(
    _ role: Role, _ stream: [UInt8], steps: [Int], configuration: ConnectionConfiguration = .init()
) throws -> (result: DriveResult, directBytes: Int) {
    var result = DriveResult()
    var directBytes = 0
    var open: Connection<Open>? = try Connection.established(role: role, configuration: configuration)
    var position = 0
    var step = 0
    while position < stream.count || (open?.hasBufferedInput ?? false) {
        guard let connection = open.take() else { break }
        let size = steps[step % steps.count]
        step += 1
        let capacity = connection.directReceiveCapacity
        let outcome: OpenReceiveResult
        if capacity > 0 {
            let count = min(size, capacity, stream.count - position)
            outcome = connection.receiveDirect(into: &result.events) { destination in
                #expect(destination.count == capacity)
                stream.withUnsafeBytes { source in
                    destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
                }
                return count
            }
            position += count
            directBytes += count
        } else {
            let end = min(position + size, stream.count)
            outcome = connection.receive(Array(stream[position..<end]), into: &result.events)
            position = end
        }
        switch consume outcome {
        case .open(let still):
            result.outbound += still.takeOutboundBytes()
            open = consume still
        case .closed(let closed):
            result.record(closed)
        }
    }
    return (result, directBytes)
}

@Suite struct DirectReceiveTests {
    /// Large single-frame messages (binary and multi-byte text) mixed with small, fragmented and control frames.
    private static let mixedStream: [UInt8] = {
        let binary = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let text = String(repeating: "κόσμε ✓ a€𝄞", count: 4_000)
        return clientFrame(.binary, binary)
            + clientFrame(.ping, Array("p".utf8))
            + clientFrame(.text, Array(text.utf8))
            + clientFrame(.text, Array("small".utf8))
            + clientFrame(.binary, Array(binary[0..<9_000]), fin: false)
            + clientFrame(.continuation, Array(binary[9_000..<20_000]), fin: true)
            + clientFrame(.binary, Array(binary.reversed()))
            + clientFrame(.close, [0x03, 0xE8])
    }()

    @Test("WS-CONNECTION-DIRECT-RECEIVE: direct reads into message storage give the same events and replies as receive")
    func sameEventsAsReceive() throws {
        let stream = Self.mixedStream
        let expected = try drive(.server, [stream])
        #expect(expected.events.count == 7)
        for steps in [[stream.count], [4_096], [1, 3, 65_537, 7, 4_093], [13, 100_000], [70_001, 2]] {
            let (result, directBytes) = try driveDirect(.server, stream, steps: steps)
            #expect(result.events == expected.events, "steps \(steps)")
            #expect(result.outbound == expected.outbound, "steps \(steps)")
            #expect(result.closeCode == .normalClosure)
            if steps != [stream.count] { #expect(directBytes > 0, "steps \(steps)") }
        }
    }

    @Test("WS-CONNECTION-DIRECT-RECEIVE: capacity is offered only inside a large single-frame payload, and is its rest")
    func capacityOnlyForLargeSingleFrames() throws {
        var events: [ConnectionEvent] = []
        var open: Connection<Open> = try Connection.established(role: .server)
        #expect(open.directReceiveCapacity == 0)
        let large = clientFrame(.binary, [UInt8](repeating: 9, count: 50_000))
        // Header and the first 1,000 payload bytes: the rest may be read directly.
        switch open.receive(Array(large[0..<(8 + 1_000)]), into: &events) {
        case .open(let still): open = still
        case .closed: Issue.record("closed"); return
        }
        #expect(open.directReceiveCapacity == 49_000)
        // A read that returns 0 (end of stream) or -1 (an error) changes nothing.
        for failed in [0, -1] {
            switch open.receiveDirect(into: &events, { _ in failed }) {
            case .open(let still): open = still
            case .closed: Issue.record("closed"); return
            }
            #expect(open.directReceiveCapacity == 49_000)
        }
        switch open.receive(Array(large[(8 + 1_000)...]), into: &events) {
        case .open(let still): open = still
        case .closed: Issue.record("closed"); return
        }
        #expect(open.directReceiveCapacity == 0)
        #expect(events == [.message(.binary([UInt8](repeating: 9, count: 50_000)))])
        // A fragment of a fragmented message, and a small message, are never read directly.
        let fragment = clientFrame(.binary, [UInt8](repeating: 1, count: 50_000), fin: false)
        switch open.receive(Array(fragment[0..<100]), into: &events) {
        case .open(let still): open = still
        case .closed: Issue.record("closed"); return
        }
        #expect(open.directReceiveCapacity == 0)
        var small: Connection<Open> = try Connection.established(role: .server)
        switch small.receive(Array(clientFrame(.binary, [UInt8](repeating: 1, count: 4_000)).prefix(100)), into: &events) {
        case .open(let still): small = still
        case .closed: Issue.record("closed"); return
        }
        #expect(small.directReceiveCapacity == 0)
    }

    @Test("WS-CONNECTION-DIRECT-RECEIVE: invalid UTF-8 read directly fails the connection with 1007 at once")
    func invalidTextReadDirectly() throws {
        var payload = [UInt8](repeating: 0x61, count: 60_000)
        payload[30_000] = 0xC0  // an overlong lead byte: invalid as soon as it is seen
        let stream = clientFrame(.text, payload)
        // The first step stops before the bad byte; the direct read that follows contains it, and the frame is
        // not complete after it, so the failure comes from the direct read itself.
        let (result, directBytes) = try driveDirect(.server, Array(stream[0..<40_000]), steps: [1_000, 39_000])
        #expect(directBytes > 0)
        #expect(result.failure == .invalidUTF8)
        #expect(result.closeCode == .invalidPayloadData)
        #expect(result.events == [.failed(.invalidUTF8)])
    }
}
