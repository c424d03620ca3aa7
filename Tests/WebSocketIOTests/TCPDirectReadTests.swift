import Testing
@testable import WebSocketIO

/// What a direct-reading handler saw.
private struct DirectReadRecord: Sendable {
    var direct: [UInt8] = []
    var ordinary: [UInt8] = []
    var directReads = 0
    /// Direct reads beyond the announced capacity, or made when it was below the threshold.
    var unexpectedReads = 0
    var total: Int { direct.count + ordinary.count }
}

/// Announces direct-read capacity until `directCount` bytes came in that way, then takes the rest through the
/// loop's read buffer.
private final class DirectReadingHandler: TCPConnectionHandler, @unchecked Sendable {
    let watch: Watch<DirectReadRecord>
    let directCount: Int
    private var storage: [UInt8]
    private var filled = 0

    init(directCount: Int, watch: Watch<DirectReadRecord>) {
        self.directCount = directCount
        self.watch = watch
        self.storage = [UInt8](repeating: 0, count: directCount)
    }

    func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int { directCount - filled }

    func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int) {
        let announced = directCount - filled
        let start = filled
        let count = storage.withUnsafeMutableBytes { read(UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        guard count > 0 else { return }
        filled += count
        let bytes = Array(storage[start..<filled])
        watch.update {
            $0.direct += bytes
            $0.directReads += 1
            if count > announced || announced < TCPConnection.directReadThreshold { $0.unexpectedReads += 1 }
        }
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        let copy = Array(bytes)
        watch.update { $0.ordinary += copy }
    }
}

@Suite("TCP direct reads", .timeLimit(.minutes(1)))
struct TCPDirectReadTests {
    @Test("WS-IO-DIRECT-READ: bytes go straight into the handler's storage while it offers enough, the rest as usual")
    func directRead() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let watch = Watch(DirectReadRecord())
        let directCount = 3 * TCPConnection.directReadThreshold + 123
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            DirectReadingHandler(directCount: directCount, watch: watch)
        }
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let payload = TransportTestSupport.pattern(directCount + 70_000, seed: 3)
        try await client.eventLoop.perform { client.write(payload) }
        let record = await watch.wait { $0.total >= payload.count }
        #expect(record.directReads >= 1)
        #expect(record.unexpectedReads == 0)
        // Direct until the capacity left falls below the threshold; then the read buffer, in order.
        #expect(record.direct.count > directCount - TCPConnection.directReadThreshold)
        #expect(record.direct.count <= directCount)
        let joined = record.direct + record.ordinary
        #expect(joined == payload, "first difference at \(firstDifference(joined, payload))")
    }

    @Test("WS-IO-DIRECT-READ: a capacity below the threshold is not used; everything comes through the read buffer")
    func belowThreshold() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let watch = Watch(DirectReadRecord())
        let directCount = TCPConnection.directReadThreshold - 1
        let server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            DirectReadingHandler(directCount: directCount, watch: watch)
        }
        let (client, _) = try await TransportTestSupport.connectRecording(port: server.port, on: group.next())
        let payload = TransportTestSupport.pattern(100_000, seed: 5)
        try await client.eventLoop.perform { client.write(payload) }
        let record = await watch.wait { $0.total >= payload.count }
        #expect(record.directReads == 0)
        #expect(record.ordinary == payload, "first difference at \(firstDifference(record.ordinary, payload))")
    }
}

/// The index of the first byte where `a` and `b` differ (the shorter count when one is a prefix of the other).
private func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
    (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
}
