import Testing
@testable import WebSocketIO

@Suite("Broadcast hub across nodes", .timeLimit(.minutes(1)))
struct BroadcastBackplaneTests {
    /// `count` hubs on one in-process bus, each behind its own server whose connections join the room of their path.
    static func cluster(_ count: Int, bus: InProcessBackplaneBus) throws -> [(hub: BroadcastHub, backplane: InProcessBackplane, server: TestServer)] {
        try (0..<count).map { index in
            let backplane = bus.node()
            let hub = try BroadcastHub(backplane: backplane, nodeID: "node-\(index)")
            return (hub, backplane, try WebSocketHubTests.server(hub).0)
        }
    }

    static func text(_ message: WebSocketMessage) -> String? {
        if case .text(let text) = message { text } else { nil }
    }

    @Test("WS-BACKPLANE-LOCAL-DIRECT, WS-BACKPLANE-ONCE: local members get a publication directly, others through the backplane, each once")
    func localDirectAndOnce() async throws {
        let bus = InProcessBackplaneBus()
        let nodes = try Self.cluster(2, bus: bus)
        try await withServer(nodes[0].server) { a in
            try await withServer(nodes[1].server) { b in
                let onA = try await a.connect("/r")
                let onB = try await b.connect("/r")
                try await eventually("both rooms joined") { nodes.allSatisfy { $0.hub.subscriberCount(room: "/r") == 1 } }
                #expect(nodes[0].hub.publish(.text("one"), to: "/r") == 1)
                #expect(try await onA.nextMessage() == .text("one"))
                #expect(try await onB.nextMessage() == .text("one"))
                await bus.drain()
                #expect(nodes[0].hub.counters.ownPublicationsIgnored == 1, "the bus handed A its own publication back")
                #expect(nodes[1].hub.counters.received == 1)

                // The backplane down: local members still get publications; the other node's do not, and the gap
                // is counted when the next one crosses.
                bus.settings.withLock { $0.connected = false }
                nodes[0].hub.publish(.text("two"), to: "/r")
                #expect(try await onA.nextMessage() == .text("two"))
                #expect(nodes[0].backplane.status.publicationsDropped == 1)
                bus.settings.withLock { $0.connected = true }
                nodes[0].hub.publish(.text("three"), to: "/r")
                #expect(try await onA.nextMessage() == .text("three"), "A got nothing twice")
                #expect(try await onB.nextMessage() == .text("three"), "B never got two")
                await bus.drain()
                #expect(nodes[1].hub.counters.lost == 1)
            }
        }
    }

    @Test("WS-BACKPLANE-ORDER, WS-BACKPLANE-ONCE: two publishers, a bus that delivers everything twice: each member gets each publication once, in order per publisher")
    func orderPerPublisher() async throws {
        let bus = InProcessBackplaneBus()
        bus.settings.withLock { $0.deliverTwice = true }
        let nodes = try Self.cluster(3, bus: bus)
        try await withServer(nodes[0].server) { _ in
            try await withServer(nodes[1].server) { _ in
                try await withServer(nodes[2].server) { c in
                    let member = try await c.connect("/room")
                    try await eventually("the room joined") { nodes[2].hub.subscriberCount(room: "/room") == 1 }
                    let perPublisher = 300
                    await withTaskGroup(of: Void.self) { group in
                        for publisher in 0..<2 {
                            group.addTask {
                                for index in 0..<perPublisher {
                                    nodes[publisher].hub.publish(.text("\(publisher) \(index)"), to: "/room")
                                }
                            }
                        }
                    }
                    var next = [0, 0]
                    for _ in 0..<(2 * perPublisher) {
                        let parts = Self.text(try await member.nextMessage())?.split(separator: " ").compactMap { Int($0) } ?? []
                        guard parts.count == 2 else { Issue.record("not a publication"); return }
                        #expect(parts[1] == next[parts[0]], "publisher \(parts[0]): \(parts[1]) arrived when \(next[parts[0]]) was due")
                        next[parts[0]] = parts[1] + 1
                    }
                    #expect(next == [perPublisher, perPublisher])
                    await bus.drain()
                    #expect(nodes[2].hub.counters.received == 2 * perPublisher)
                    #expect(nodes[2].hub.counters.duplicatesDropped == 2 * perPublisher)
                    #expect(nodes[2].hub.counters.lost == 0)
                }
            }
        }
    }

    @Test("WS-BACKPLANE-ORDER: publications from many threads of one node reach the backplane in their sequence order: none counted lost or duplicate")
    func concurrentPublishersOnOneNode() async throws {
        let bus = InProcessBackplaneBus()
        let nodes = try Self.cluster(2, bus: bus)
        try await withServer(nodes[0].server) { _ in
            try await withServer(nodes[1].server) { b in
                let member = try await b.connect("/room")
                try await eventually("the room joined") { nodes[1].hub.subscriberCount(room: "/room") == 1 }
                let (publishers, perPublisher) = (8, 200)
                await withTaskGroup(of: Void.self) { group in
                    for publisher in 0..<publishers {
                        group.addTask {
                            for index in 0..<perPublisher {
                                nodes[0].hub.publish(.text("\(publisher) \(index)"), to: "/room")
                            }
                        }
                    }
                }
                var next = Array(repeating: 0, count: publishers)
                for _ in 0..<(publishers * perPublisher) {
                    let parts = Self.text(try await member.nextMessage())?.split(separator: " ").compactMap { Int($0) } ?? []
                    guard parts.count == 2 else { Issue.record("not a publication"); return }
                    #expect(parts[1] == next[parts[0]], "task \(parts[0]): \(parts[1]) arrived when \(next[parts[0]]) was due")
                    next[parts[0]] = parts[1] + 1
                }
                await bus.drain()
                #expect(nodes[1].hub.counters.received == publishers * perPublisher)
                #expect(nodes[1].hub.counters.lost == 0)
                #expect(nodes[1].hub.counters.duplicatesDropped == 0)
            }
        }
    }

    @Test("WS-BACKPLANE-ENVELOPE: the envelope round-trips; every malformed or foreign shape is a typed error")
    func envelopeCodec() throws {
        let envelope = BroadcastEnvelope(origin: "node-ä", stream: 0xDEAD_BEEF_0102_0304, room: "/room/x", sequence: 77, message: .text("héllo"))
        let bytes = envelope.encoded()
        #expect(try BroadcastEnvelope(decoding: bytes) == envelope)
        let binary = BroadcastEnvelope(origin: "n", stream: 1, room: "", sequence: 1, message: .binary([0xFF, 0, 0xC0]))
        #expect(try BroadcastEnvelope(decoding: binary.encoded()) == binary)
        for length in 0..<(bytes.count - "héllo".utf8.count) {
            #expect(throws: BroadcastEnvelopeError.truncated) { try BroadcastEnvelope(decoding: Array(bytes.prefix(length))) }
        }
        var edited = bytes
        edited[0] = UInt8(ascii: "X")
        #expect(throws: BroadcastEnvelopeError.notAnEnvelope) { try BroadcastEnvelope(decoding: edited) }
        edited = bytes
        edited[4] = 2
        #expect(throws: BroadcastEnvelopeError.unsupportedVersion(2)) { try BroadcastEnvelope(decoding: edited) }
        edited = bytes
        edited[5] = 9
        #expect(throws: BroadcastEnvelopeError.unknownKind(9)) { try BroadcastEnvelope(decoding: edited) }
        #expect(throws: BroadcastEnvelopeError.invalidUTF8) {
            try BroadcastEnvelope(decoding: BroadcastEnvelope(origin: "n", stream: 1, room: "r", sequence: 1, message: Message(kind: .text, bytes: [0xC0])).encoded())
        }
        #expect(throws: BroadcastEnvelopeError.zeroSequence) {
            try BroadcastEnvelope(decoding: BroadcastEnvelope(origin: "n", stream: 1, room: "r", sequence: 0, message: .text("")).encoded())
        }
        edited = bytes
        edited[6] = 0
        #expect(throws: BroadcastEnvelopeError.self) { try BroadcastEnvelope(decoding: edited) }
        for error in [BroadcastEnvelopeError.notAnEnvelope, .unsupportedVersion(2), .truncated, .unknownKind(3), .emptyOrigin, .invalidUTF8, .zeroSequence] {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("WS-BACKPLANE-ENVELOPE, WS-BACKPLANE-STREAM: a hub rejects foreign envelopes with a counted reason, and takes a restarted publisher's new stream")
    func hubReceiveRules() async throws {
        let bus = InProcessBackplaneBus()
        let nodes = try Self.cluster(1, bus: bus)
        let hub = nodes[0].hub
        try await withServer(nodes[0].server) { server in
            let member = try await server.connect("/r")
            try await eventually("the room joined") { hub.subscriberCount(room: "/r") == 1 }
            var foreign = BroadcastEnvelope(origin: "other", stream: 5, room: "/r", sequence: 1, message: .text("a")).encoded()
            foreign[4] = 9
            hub.receive(fromBackplane: foreign)
            hub.receive(fromBackplane: Array("not an envelope".utf8))
            #expect(hub.counters.envelopesRejected == 2)
            #expect(hub.counters.lastRejection == .notAnEnvelope)
            for sequence in [1, 2, 2, 1, 5] as [UInt64] {
                hub.receive(fromBackplane: BroadcastEnvelope(origin: "other", stream: 5, room: "/r", sequence: sequence, message: .text("s\(sequence)")).encoded())
            }
            // The publisher restarts: a new stream starting at 1 is delivered, not taken for a duplicate.
            hub.receive(fromBackplane: BroadcastEnvelope(origin: "other", stream: 6, room: "/r", sequence: 1, message: .text("restarted")).encoded())
            // Its own publication handed back is ignored.
            hub.receive(fromBackplane: BroadcastEnvelope(origin: hub.nodeID, stream: 1, room: "/r", sequence: 1, message: .text("mine")).encoded())
            for expected in ["s1", "s2", "s5", "restarted"] {
                #expect(try await member.nextMessage() == .text(expected))
            }
            #expect(hub.counters.duplicatesDropped == 2)
            #expect(hub.counters.lost == 2)
            #expect(hub.counters.ownPublicationsIgnored == 1)
            hub.publish(.text("sentinel"), to: "/r")
            #expect(try await member.nextMessage() == .text("sentinel"), "nothing else was delivered")
        }
        #expect(throws: ConfigurationError.self) { _ = try BroadcastHub(backplane: bus.node(), nodeID: "") }
        #expect(throws: ConfigurationError.self) { _ = try BroadcastHub(backplane: bus.node(), nodeID: String(repeating: "x", count: 256)) }
    }

    @Test("WS-BACKPLANE-SUBSCRIBE-FIRST-LAST: the backplane listens to a room from its first local member until its last leaves or closes")
    func subscribeFirstLast() async throws {
        let bus = InProcessBackplaneBus()
        let nodes = try Self.cluster(1, bus: bus)
        let (hub, backplane) = (nodes[0].hub, nodes[0].backplane)
        let delegates = ServerDelegates { RecordingDelegate(echo: true) { channel in hub.join(channel, room: channel.request?.path ?? "/") } }
        let (server, _) = try WebSocketHubTests.server(hub, delegates)
        try await withServer(server) { server in
            let first = try await server.connect("/r")
            _ = try await server.connect("/r")
            try await eventually("both joined") { hub.subscriberCount(room: "/r") == 2 }
            #expect(backplane.calls == ["+/r"])
            hub.leave(try await delegates.delegate(0).channel(), room: "/r")
            #expect(backplane.calls == ["+/r"], "a member is left")
            try await first.close()
            hub.leave(try await delegates.delegate(1).channel(), room: "/r")
            #expect(backplane.calls == ["+/r", "-/r"])
            _ = try await server.connect("/r")
            try await eventually("rejoined") { backplane.calls == ["+/r", "-/r", "+/r"] }
            let third = try await delegates.delegate(2).channel()
            try await third.onLoop { try? $0.close(code: .normalClosure) }
            try await eventually("the closed member's room unsubscribed") { backplane.calls == ["+/r", "-/r", "+/r", "-/r"] }
        }
    }

    @Test("WS-BACKPLANE-BOUNDED-STATE: the ledger and the sequencer keep at most their capacity and forget the oldest first")
    func boundedState() {
        var ledger = BroadcastPublisherLedger(capacity: 4)
        for origin in 0..<10 {
            #expect(ledger.admit(BroadcastEnvelope(origin: "o\(origin)", stream: 1, room: "r", sequence: 3, message: .text(""))) == .deliver(lost: 0))
            #expect(ledger.count <= 4)
        }
        #expect(ledger.admit(BroadcastEnvelope(origin: "o9", stream: 1, room: "r", sequence: 3, message: .text(""))) == .duplicate)
        #expect(ledger.admit(BroadcastEnvelope(origin: "o0", stream: 1, room: "r", sequence: 3, message: .text(""))) == .deliver(lost: 0), "o0 was forgotten")
        ledger.forget(room: "r")
        #expect(ledger.count == 0)

        var sequencer = BroadcastSequencer(capacity: 2)
        let a1 = sequencer.next(for: "a")
        #expect(a1.sequence == 1)
        #expect(sequencer.next(for: "a") == (a1.stream, 2))
        _ = sequencer.next(for: "b")
        _ = sequencer.next(for: "c") // forgets "a"
        let again = sequencer.next(for: "a")
        #expect(again.sequence == 1)
        #expect(again.stream != a1.stream, "a new stream, so receivers do not drop it as a duplicate")
    }
}
