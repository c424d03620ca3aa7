import Foundation
import PackageTestSupport
import RedisTestSupport
import Synchronization
import Testing
import WebSocketIO

/// Three `ws serve --mode broadcast --redis …` processes and one real redis-server act as one hub.
@Suite(
    "ws serve nodes on one Redis", .serialized,
    .enabled(if: RedisServerFixture.shouldRun, RedisServerFixture.skipReason))
struct MultiNodeTests {
    /// 30 clients: client i on node i % 3 in room r(i % 5), so every room has two members on every node.
    static let clientCount = 30
    static let roomCount = 5

    static func node(of client: Int) -> Int { client % 3 }
    static func room(of client: Int) -> String { "r\(client % roomCount)" }

    /// The cluster: Redis, three nodes (room sizes every 200 ms, expiring after 1.5 s), 30 connected clients.
    final class Cluster: Sendable {
        let redis: RedisServerFixture
        let nodes: [ServeNode]
        let clients: [WebSocket]
        let inboxes = Inboxes(clients: MultiNodeTests.clientCount)
        private let sent = Mutex<[Int]>(Array(repeating: 0, count: MultiNodeTests.clientCount))

        init() async throws {
            redis = try await RedisServerFixture()
            var nodes: [ServeNode] = []
            for id in ["A", "B", "C"] {
                nodes.append(try await ServeNode(
                    nodeID: id, redisPort: redis.port,
                    extraArguments: ["--room-counts-interval-ms", "200", "--room-counts-expiry-ms", "1500"]))
            }
            self.nodes = nodes
            var clients: [WebSocket] = []
            for client in 0..<MultiNodeTests.clientCount {
                let node = nodes[MultiNodeTests.node(of: client)]
                clients.append(try await WebSocket.connect(to: node.url(room: MultiNodeTests.room(of: client))))
            }
            self.clients = clients
            for (index, socket) in clients.enumerated() {
                let inboxes = self.inboxes
                Task {
                    for await message in socket.messages {
                        if case .text(let text) = message { inboxes.record(text, client: index) }
                    }
                }
            }
        }

        func stop() {
            for node in nodes { node.stop() }
            redis.stop()
        }

        /// Client `client` publishes `p:<client>:<n>` to its room (n counts from 0 per client); returns the text.
        @discardableResult
        func publish(from client: Int) async throws -> String {
            let number = sent.withLock { counts in
                defer { counts[client] += 1 }
                return counts[client]
            }
            let text = "p:\(client):\(number)"
            try await clients[client].send(text: text)
            return text
        }

        /// Every room's members (among `alive` clients) got a warm-up message from it: each node listens to each
        /// of its rooms on Redis. Sends a new warm-up every 300 ms until then.
        func warmUp(alive: Set<Int>) async throws {
            for room in 0..<MultiNodeTests.roomCount {
                let members = alive.filter { $0 % MultiNodeTests.roomCount == room }
                let sender = members.min()!
                for attempt in 0..<30 {
                    let text = "warm:\(room):\(attempt)"
                    try await clients[sender].send(text: text)
                    do {
                        try await inboxes.wait("warm-up of room \(room)", within: .milliseconds(300)) { inbox in
                            members.allSatisfy { inbox[$0].contains(text) }
                        }
                        break
                    } catch is TestTimeout where attempt < 29 {
                        continue
                    }
                }
            }
        }

        /// Waits until every client of `receivers` received every publication of `published` sent to its room.
        func waitForDelivery(of published: [String], to receivers: Set<Int>, _ what: String) async throws {
            let byRoom = Dictionary(grouping: published) { MultiNodeTests.room(of: MultiNodeTests.parse($0).sender) }
            do {
                try await inboxes.wait(what) { inbox in
                    receivers.allSatisfy { client in
                        let got = Set(inbox[client])
                        return (byRoom[MultiNodeTests.room(of: client)] ?? []).allSatisfy(got.contains)
                    }
                }
            } catch {
                // Say who missed what, and what the nodes counted, so a failure can be read from the log.
                let inbox = inboxes.snapshot
                var report: [String] = []
                for client in receivers.sorted() {
                    let got = Set(inbox[client])
                    let missing = (byRoom[MultiNodeTests.room(of: client)] ?? []).filter { !got.contains($0) }
                    if !missing.isEmpty {
                        report.append("client \(client) (node \(MultiNodeTests.node(of: client))) misses \(missing.count), first \(missing[0])")
                    }
                }
                for node in nodes { report.append("node \(node.nodeID): \((try? node.stats()).map { "\($0)" } ?? "no stats")") }
                Issue.record("\(what): \(report.joined(separator: "; "))")
                throw error
            }
        }

        /// The `p:` messages client `client` received.
        func publications(of client: Int) -> [String] { inboxes.snapshot[client].filter { $0.hasPrefix("p:") } }

        func stats() throws -> [NodeStats] { try nodes.map { try $0.stats() } }
    }

    /// Splits `p:<sender>:<n>`.
    static func parse(_ text: String) -> (sender: Int, number: Int) {
        let parts = text.split(separator: ":")
        return (Int(parts[1])!, Int(parts[2])!)
    }

    /// Checks that every client in `receivers` got exactly the publications `published` of its room, once each,
    /// in order per publisher.
    static func expectExactDelivery(_ cluster: Cluster, published: [String], receivers: Set<Int>) {
        for client in receivers.sorted() {
            let expected = published.filter { room(of: parse($0).sender) == room(of: client) }
            let got = cluster.publications(of: client).filter { Set(published).contains($0) }
            #expect(got.count == expected.count, "client \(client) got \(got.count) of \(expected.count)")
            #expect(Set(got).count == got.count, "client \(client) got a publication twice")
            expectOrderPerPublisher(got, client: client)
            #expect(Set(got) == Set(expected), "client \(client) missed \(Set(expected).subtracting(got).sorted().prefix(5))")
        }
    }

    static func expectOrderPerPublisher(_ received: [String], client: Int) {
        var last: [Int: Int] = [:]
        for text in received {
            let (sender, number) = parse(text)
            #expect(number > last[sender, default: -1], "client \(client): \(text) after p:\(sender):\(last[sender]!)")
            last[sender] = number
        }
    }

    @Test(
        "WS-BACKPLANE-ONCE, WS-BACKPLANE-ORDER, WS-BACKPLANE-REDIS-CHANNELS, WS-SERVE-BROADCAST-REDIS, WS-BACKPLANE-LOCAL-DIRECT, WS-BACKPLANE-RESUBSCRIBE, WS-BACKPLANE-BOUNDED, WS-BACKPLANE-ROOM-COUNTS: three nodes and one Redis act as one hub through 1,000 publications, a Redis restart and a node killed"
    )
    func threeNodesActAsOneHub() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        let everyone = Set(0..<Self.clientCount)

        // Room sizes across the cluster: two members per node and room, six per room, on every node.
        try await eventually("every node sees 6 members in each of 5 rooms", within: .seconds(10)) {
            guard let stats = try? cluster.stats() else { return false }
            return stats.allSatisfy { node in
                node.rooms.count == Self.roomCount && node.rooms.allSatisfy { $0.local == 2 && $0.cluster == 6 }
            }
        }
        try await cluster.warmUp(alive: everyone)

        // 1,000 publications from random clients on random nodes: every member receives its room's, once, in order.
        var random = Xorshift64Star(seed: 20_261_205)
        var phase1: [String] = []
        for _ in 0..<1000 { phase1.append(try await cluster.publish(from: random.int(in: 0..<Self.clientCount))) }
        try await cluster.waitForDelivery(of: phase1, to: everyone, "1,000 publications delivered")
        Self.expectExactDelivery(cluster, published: phase1, receivers: everyone)
        let before = try cluster.stats()
        #expect(before.allSatisfy { $0.backplane?.connected == true && $0.backplane?.dropped == 0 && $0.hub.lost == 0 })

        // Redis restarted mid-stream: local delivery never stops; what could not cross is counted, not silent.
        var phase2: [String] = []
        for index in 0..<400 {
            if index == 100 { cluster.redis.kill() }
            if index == 250 { try await cluster.redis.start() }
            phase2.append(try await cluster.publish(from: random.int(in: 0..<Self.clientCount)))
            try await Task.sleep(for: .milliseconds(2))
        }
        try await eventually("every node reconnected to the restarted Redis", within: .seconds(10)) {
            guard let stats = try? cluster.stats() else { return false }
            return stats.allSatisfy { ($0.backplane?.connected ?? false) && ($0.backplane?.reconnects ?? 0) >= 1 }
        }
        try await cluster.warmUp(alive: everyone)
        // Phase 3 (after the restart): everything crosses again.
        var phase3: [String] = []
        for _ in 0..<300 { phase3.append(try await cluster.publish(from: random.int(in: 0..<Self.clientCount))) }
        try await cluster.waitForDelivery(of: phase3, to: everyone, "300 publications after the restart delivered")
        Self.expectExactDelivery(cluster, published: phase3, receivers: everyone)
        var missingCrossNode = 0
        for client in everyone {
            let received = cluster.publications(of: client)
            Self.expectOrderPerPublisher(received, client: client)
            #expect(Set(received).count == received.count, "client \(client) got a publication twice")
            let got = Set(received)
            for text in phase2 where Self.room(of: Self.parse(text).sender) == Self.room(of: client) && !got.contains(text) {
                let sender = Self.parse(text).sender
                #expect(Self.node(of: sender) != Self.node(of: client), "\(text) missed client \(client) on its own node")
                missingCrossNode += 1
            }
        }
        let afterRestart = try cluster.stats()
        let counted = afterRestart.reduce(0) { $0 + ($1.backplane?.dropped ?? 0) + $1.hub.lost }
        #expect(missingCrossNode == 0 || counted > 0, "\(missingCrossNode) deliveries missed and nothing counted them")

        // Node C killed: the others carry on, and its members drop out of the room sizes when its counts expire.
        cluster.nodes[2].kill()
        let survivors = everyone.filter { Self.node(of: $0) != 2 }
        var phase4: [String] = []
        for _ in 0..<200 {
            phase4.append(try await cluster.publish(from: survivors.randomElement(using: &random)!))
        }
        try await cluster.waitForDelivery(of: phase4, to: survivors, "200 publications after the kill delivered")
        Self.expectExactDelivery(cluster, published: phase4, receivers: survivors)
        try await eventually("the killed node's members expired from the room sizes", within: .seconds(10)) {
            guard let a = try? cluster.nodes[0].stats(), let b = try? cluster.nodes[1].stats() else { return false }
            return [a, b].allSatisfy { node in node.rooms.allSatisfy { $0.local == 2 && $0.cluster == 4 } }
        }
    }

    @Test(
        "WS-SERVE-BROADCAST-REDIS, WS-BACKPLANE-BOUNDED: a bad --redis URL is refused at start; with Redis unreachable a node serves its own members, counts what could not cross, and connects within seconds once Redis comes"
    )
    func redisAwayAtStart() async throws {
        let refused = try await onOwnThread {
            try Subprocess.run([
                ServeNode.executable.path, "serve", "--mode", "broadcast", "--port", "0", "--redis", "http://127.0.0.1:1",
            ])
        }
        let message = String(decoding: refused.errors, as: UTF8.self)
        #expect(refused.status == 2)
        #expect(message.contains("--redis"), "the refusal names the option: \(message)")

        let redisPort = LoopbackSockets.freePort()
        let node = try await ServeNode(nodeID: "alone", redisPort: redisPort)
        defer { node.stop() }
        let inboxes = Inboxes(clients: 2)
        var sockets: [WebSocket] = []
        for client in 0..<2 {
            let socket = try await WebSocket.connect(to: node.url(room: "x"))
            sockets.append(socket)
            Task { for await case .text(let text) in socket.messages { inboxes.record(text, client: client) } }
        }
        for number in 0..<5 { try await sockets[0].send(text: "p:0:\(number)") }
        try await inboxes.wait("local delivery without Redis") { inbox in inbox.allSatisfy { $0.count == 5 } }
        #expect(inboxes.snapshot == Array(repeating: (0..<5).map { "p:0:\($0)" }, count: 2))
        let away = try node.stats()
        #expect(away.backplane?.connected == false)
        #expect(away.backplane?.dropped == 5 && away.backplane?.sent == 0)

        let redis = try await RedisServerFixture(port: redisPort)
        defer { redis.stop() }
        try await eventually("the node connected to Redis once it came", within: .seconds(5)) {
            (try? node.stats())?.backplane?.connected == true
        }
    }
}
