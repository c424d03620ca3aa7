import Testing
@testable import WebSocketIO

@Suite("Metrics: what is counted", .timeLimit(.minutes(1)))
struct MetricsTrafficTests {
    @Test("WS-METRICS-TRAFFIC: messages and bytes by type, pings and pongs, close codes sent and received, compressed bytes, handshake outcomes, hub deliveries")
    func traffic() async throws {
        try await MetricsWorkload.run { workload in
            let snapshot = workload.server.metrics
            let received = snapshot.traffic.received
            let sent = snapshot.traffic.sent
            let big = MetricsWorkload.compressible.utf8.count
            let hellos = (0..<3).map { "hello \($0)".utf8.count }.reduce(0, +)
            #expect(received.textMessages == 4 && received.textBytes == hellos + big)
            #expect(received.binaryMessages == 2 && received.binaryBytes == 6)
            // Echoes plus one publication of each type.
            #expect(sent.textMessages == 5 && sent.textBytes == hellos + big + "news for a".utf8.count)
            #expect(sent.binaryMessages == 3 && sent.binaryBytes == 7)
            #expect(snapshot.messagesIn == 6 && snapshot.messagesOut == 8)
            #expect(received.pings == 1 && sent.pongs == 1 && sent.pings == 0 && received.pongs == 0)
            #expect(received.closes == 2 && sent.closes == 2)
            // Only the long message is compressed (the others are under the threshold), each way.
            #expect(received.extensionMessages == 1 && received.extensionPayloadBytes == big)
            #expect(received.extensionWireBytes > 0 && received.extensionWireBytes < big / 10)
            #expect(sent.extensionMessages == 1 && sent.extensionPayloadBytes == big)
            #expect(sent.extensionWireBytes > 0 && sent.extensionWireBytes < big / 10)
            #expect(snapshot.closeCodesReceived == [4001: 1, 1000: 1])
            #expect(snapshot.closeCodesSent == [4001: 1, 1000: 1])
            #expect(snapshot.closeCodes == [4001: 1, 1000: 1])
            #expect(snapshot.connectionsTotal == 2 && snapshot.connectionsOpen == 0)
            #expect(snapshot.handshakeRejections == ["application-403": 1, "http-426": 1])
            // The clients saw the same traffic from the other side.
            let clients = workload.clients.snapshot
            #expect(clients.traffic.sent == snapshot.traffic.received)
            #expect(clients.traffic.received == snapshot.traffic.sent)
            #expect(clients.closeCodesSent == snapshot.closeCodesReceived)
            // The hub: one delivery in each room, nothing dropped.
            #expect(workload.hub.roomCounters == [
                "a": BroadcastRoomCounters(deliveries: 1, drops: 0),
                MetricsWorkload.awkwardRoom: BroadcastRoomCounters(deliveries: 1, drops: 0),
            ])
            #expect(workload.hub.otherRoomsCounters == BroadcastRoomCounters())

            let text = workload.server.server.metricsText(including: workload.hub)
            for line in [
                "websocket_messages_received_total{type=\"text\"} 4",
                "websocket_message_sent_bytes_total{type=\"binary\"} 7",
                "websocket_control_frames_received_total{type=\"ping\"} 1",
                "websocket_close_frames_received_total{code=\"4001\"} 1",
                "websocket_close_frames_sent_total{code=\"1000\"} 1",
                "websocket_deflate_received_uncompressed_bytes_total \(big)",
                "websocket_handshakes_total{outcome=\"accepted\"} 2",
                "websocket_handshakes_total{outcome=\"rejected\",reason=\"application-403\"} 1",
                "websocket_handshakes_total{outcome=\"http\",reason=\"http-426\"} 1",
                "websocket_hub_deliveries_total{room=\"a\"} 1",
            ] {
                #expect(text.contains("\n" + line + "\n"), "missing: \(line)")
            }
        }
    }

    @Test("WS-METRICS-TRAFFIC: a message is counted before the application gets it: a delegate reading the counters in didReceive finds it (and any before it) counted")
    func countedBeforeDelivery() async throws {
        let delegate = CountingDelegate()
        try await withServer(try .callback { _ in delegate }) { server in
            delegate.metrics.update { $0 = server.server.metrics }
            let client = try await server.connect()
            let texts = ["one", "two", "three", "four", "five"]
            // Sent back to back so that several arrive in one read pass (the case the fix is about), though the
            // assertion holds however the reads split them.
            for text in texts { try await client.send(text: text) }
            let seen = try await delegate.seen.wait("five messages") { $0.count == texts.count }
            // The n-th delivery finds at least n messages counted (messages parsed in the same read may already
            // be counted too), and never more than were sent.
            let lengths = texts.map(\.utf8.count)
            for (index, counts) in seen.enumerated() {
                let delivered = index + 1
                #expect(counts.messages >= delivered && counts.messages <= texts.count, "delivery \(delivered)")
                #expect(counts.bytes >= lengths.prefix(delivered).reduce(0, +), "delivery \(delivered)")
            }
            #expect(server.metrics.traffic.received.messages == texts.count)
            try await client.close()
        }
    }

    @Test("WS-METRICS-TRAFFIC: a slow member's dropped messages are counted as drops of their room")
    func hubDrops() async throws {
        let hub = BroadcastHub(policy: .dropOldest, maximumQueuedBytes: 64 << 10)
        let (server, _) = try WebSocketHubTests.server(
            hub, configuration: makeConfiguration {
                $0.writeBufferHighWaterMark = 16 << 10
                $0.writeBufferLowWaterMark = 4 << 10
            })
        try await withServer(server) { server in
            let slow = try await server.raw(receiveBufferSize: 4096)
            try await slow.upgrade(path: "/slow")
            try await eventually("the member to join") { hub.subscriberCount(room: "/slow") == 1 }
            var published = 0
            while published < 400 && (hub.roomCounters["/slow"]?.drops ?? 0) == 0 {
                hub.publish(WebSocketHubTests.numbered(published, size: 16 << 10), to: "/slow")
                published += 1
                await Task.yield()
            }
            try await eventually("a drop to be counted") { (hub.roomCounters["/slow"]?.drops ?? 0) > 0 }
            let counters = try #require(hub.roomCounters["/slow"])
            #expect(counters.drops > 0, "nothing dropped after \(published) publications")
            #expect(counters.deliveries > 0)
            #expect(counters.deliveries + counters.drops <= published)
            await slow.close()
        }
    }

    @Test("WS-METRICS-CARDINALITY: the first 100 rooms have series of their own, later ones share room=\"other\"")
    func roomCardinality() async throws {
        let hub = BroadcastHub()
        let (server, delegates) = try WebSocketHubTests.server(hub)
        try await withServer(server) { server in
            let client = try await server.connect("/first")
            let channel = try await delegates.delegate(0).channel()
            let rooms = (0..<105).map { "room \($0)" }
            try await channel.onLoop { channel in for room in rooms { hub.join(channel, room: room) } }
            for room in rooms { #expect(hub.publish(.text(room), to: room) == 1) }
            for room in rooms { #expect(try await client.nextMessage() == .text(room)) }
            try await eventually("the deliveries to be counted") {
                hub.roomCounters.values.map(\.deliveries).reduce(0, +) + hub.otherRoomsCounters.deliveries == 105
            }
            let counted = hub.roomCounters
            #expect(counted.count == BroadcastHub.maximumRoomsWithCounters)
            #expect(counted["/first"]?.deliveries == 0, "the first room created keeps its series")
            #expect(counted.keys.filter { $0.hasPrefix("room ") }.count == 99)
            #expect(hub.otherRoomsCounters.deliveries == 6)
            // Leaving and coming back does not give a later room a series.
            try await channel.onLoop { channel in hub.leave(channel, room: "/first") }
            try await channel.onLoop { channel in hub.join(channel, room: "a new room") }
            #expect(hub.roomCounters.count == 100 && hub.roomCounters["a new room"] == nil)

            var exposition = PrometheusExposition()
            exposition.append(hub)
            let lines = exposition.text.split(separator: "\n").filter { $0.hasPrefix("websocket_hub_deliveries_total{") }
            #expect(lines.count == 101)
            #expect(lines.last == "websocket_hub_deliveries_total{room=\"other\",other=\"true\"} 6")
        }
    }

    @Test("WS-METRICS-CARDINALITY: the first 32 distinct application close codes have series of their own, later ones share code=\"other\"")
    func closeCodeCardinality() throws {
        let metrics = WebSocketMetrics()
        func close(_ code: UInt16) throws {
            metrics.connectionOpened()
            let payload = try ClosePayload(code: CloseCode(code))
            metrics.connectionClosed(
                SessionClosure(code: CloseCode(code), reason: "", wasClean: true, sent: payload, received: payload))
        }
        for code in UInt16(3000)..<3040 { try close(code) }
        try close(1000)
        try close(3001)
        let snapshot = metrics.snapshot
        for table in [snapshot.closeCodes, snapshot.closeCodesSent, snapshot.closeCodesReceived] {
            #expect(table.count == 32 + 1 + 1)
            #expect(table[WebSocketMetrics.otherCloseCodes] == 8)
            #expect(table[3001] == 2 && table[3031] == 1 && table[3032] == nil && table[1000] == 1)
        }
        var exposition = PrometheusExposition()
        exposition.append(snapshot)
        #expect(exposition.text.contains("\nwebsocket_closes_total{code=\"other\"} 8\n"))
        // A close frame without a code counts as 1005.
        metrics.connectionOpened()
        metrics.connectionClosed(
            SessionClosure(code: .noStatusReceived, reason: "", wasClean: true, sent: .empty, received: .empty))
        #expect(metrics.snapshot.closeCodesReceived[1005] == 1)
    }
}

/// Reads the server's counters inside each `didReceive`, on the loop, as an application would.
private final class CountingDelegate: WebSocketChannelDelegate, Sendable {
    struct Seen: Sendable {
        var messages: Int
        var bytes: Int
    }

    let metrics = Watch<WebSocketMetrics?>(nil)
    let seen = Watch<[Seen]>([])

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        let received = metrics.value?.snapshot.traffic.received
        seen.update { $0.append(Seen(messages: received?.messages ?? -1, bytes: received?.textBytes ?? -1)) }
    }
}
