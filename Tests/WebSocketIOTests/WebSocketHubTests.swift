import Testing
@testable import WebSocketIO

@Suite("WebSocket broadcast hub", .timeLimit(.minutes(1)))
struct WebSocketHubTests {
    /// A server whose connections join the room named by their path, and echo.
    static func server(
        _ hub: BroadcastHub, _ delegates: ServerDelegates? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration()
    ) throws -> (TestServer, ServerDelegates) {
        let delegates = delegates ?? ServerDelegates {
            RecordingDelegate(echo: true) { channel in hub.join(channel, room: channel.request?.path ?? "/") }
        }
        return (try .callback(configuration: configuration, makeDelegate: delegates.makeDelegate), delegates)
    }

    /// A numbered binary message of `size` bytes.
    static func numbered(_ index: Int, size: Int) -> Message {
        var bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: size)
        for shift in 0..<4 { bytes[shift] = UInt8(truncatingIfNeeded: index >> (8 * (3 - shift))) }
        return .binary(bytes)
    }

    static func index(of payload: [UInt8]) -> Int { payload.prefix(4).reduce(0) { $0 << 8 | Int($1) } }

    /// The frames a subscriber's hub queue still references (live or not yet released), read on its loop.
    static func retainedFrames(_ channel: WebSocketChannel, hub: BroadcastHub) async throws -> [UInt] {
        try await channel.onLoop { channel -> [UInt] in
            guard let subscriber = channel.observers[ObjectIdentifier(hub)] else { return [] }
            guard let queue = Mirror(reflecting: subscriber).children.first(where: { $0.label == "queue" })?.value
            else { return [] }
            var addresses: [UInt] = []
            for element in Mirror(reflecting: queue).children {
                var value: Any = element.value
                let mirror = Mirror(reflecting: value)
                if mirror.displayStyle == .optional {
                    guard let wrapped = mirror.children.first?.value else { continue }
                    value = wrapped
                }
                // A queued message is the publication with its room's counters.
                if let prepared = Mirror(reflecting: value).children.first(where: { $0.label == "prepared" })?.value {
                    value = prepared
                }
                if let prepared = value as? PreparedMessage {
                    addresses.append(prepared.frameBytes.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
                }
            }
            return addresses
        }
    }

    @Test("WS-HUB-ROOMS: a message published to a room reaches every subscriber on every loop, and no one else")
    func rooms() async throws {
        let hub = BroadcastHub()
        let (server, delegates) = try Self.server(hub)
        try await withServer(server) { server in
            var inA: [WebSocket] = []
            for _ in 0..<4 { inA.append(try await server.connect("/a")) }
            let inB = [try await server.connect("/b"), try await server.connect("/b")]
            #expect(hub.subscriberCount(room: "/a") == 4)
            #expect(hub.subscriberCount(room: "/b") == 2)
            #expect(Set(try await (0..<4).asyncMap { try await delegates.delegate($0).channel().eventLoop.index }).count == 2,
                "subscribers on both loops")

            #expect(hub.publish(.text("to a"), to: "/a") == 4)
            #expect(hub.publish(.text("to b"), to: "/b") == 2)
            #expect(hub.publish(.text("to nobody"), to: "/c") == 0)
            for client in inA { #expect(try await client.nextMessage() == .text("to a")) }
            for client in inB { #expect(try await client.nextMessage() == .text("to b"), "only its room's messages") }

            // Leaving: no more messages for that connection.
            let leaver = try await delegates.delegate(0).channel()
            hub.leave(leaver, room: "/a")
            #expect(hub.subscriberCount(room: "/a") == 3)
            #expect(hub.publish(.text("after leave"), to: "/a") == 3)
            try await inA[0].send(text: "echo")
            #expect(try await inA[0].nextMessage() == .text("echo"), "the leaver got no broadcast")
            for client in inA.dropFirst() { #expect(try await client.nextMessage() == .text("after leave")) }

            // Closing: the hub forgets the connection.
            try await inA[1].close()
            try await eventually("the hub to forget a closed subscriber") { hub.subscriberCount(room: "/a") == 2 }
            #expect(hub.publish(.binary([1, 2]), to: "/a") == 2)
            for client in inA.dropFirst(2) { #expect(try await client.nextMessage() == .binary([1, 2])) }
        }
    }

    @Test("WS-HUB-ENCODE-ONCE: every subscriber gets the same frame bytes, prepared once per publish and shared")
    func encodeOnce() async throws {
        let hub = BroadcastHub(policy: .dropOldest, maximumQueuedBytes: 64 << 20)
        let (server, delegates) = try Self.server(
            hub, configuration: makeConfiguration {
                // The raw subscriber reads every frame as a numbered message: no keepalive ping among them (these
                // tests run past the 20 s ping interval under a sanitizer).
                $0.keepalive = nil
                $0.writeBufferHighWaterMark = 16 << 10
                $0.writeBufferLowWaterMark = 4 << 10
            })
        try await withServer(server) { server in
            // Two raw subscribers that read the exact bytes on the wire.
            let first = try await server.raw()
            try await first.upgrade(path: "/room")
            let second = try await server.raw()
            try await second.upgrade(path: "/room")
            let message = Message.text("héllo, everyone")
            #expect(hub.publish(message, to: "/room") == 2)
            let expected = PreparedMessage(message).frameBytes
            #expect(expected == RawFrame(opcode: RawFrame.text, payload: message.bytes).encoded(key: nil))
            for peer in [first, second] {
                let wire = try await peer.read("the broadcast frame") { bytes in
                    bytes.count >= expected.count ? (Array(bytes.prefix(expected.count)), expected.count) : nil
                }
                #expect(wire == expected)
            }
            // Two subscribers that stop reading: what queues up for them is the very same storage.
            let slowA = try await server.raw(receiveBufferSize: 4096)
            try await slowA.upgrade(path: "/slow")
            let slowB = try await server.raw(receiveBufferSize: 4096)
            try await slowB.upgrade(path: "/slow")
            let channels = try await [delegates.delegate(2).channel(), delegates.delegate(3).channel()]
            var published = 0
            var retained: [[UInt]] = [[], []]
            while published < 200 && (retained[0].count < 3 || retained[1].count < 3) {
                hub.publish(Self.numbered(published, size: 64 << 10), to: "/slow")
                published += 1
                retained = [
                    try await Self.retainedFrames(channels[0], hub: hub),
                    try await Self.retainedFrames(channels[1], hub: hub),
                ]
            }
            try #require(retained[0].count >= 3 && retained[1].count >= 3, "the slow subscribers never queued")
            let common = Set(retained[0]).intersection(retained[1])
            #expect(common.count >= 3, "queued frames share storage across subscribers")
            await slowA.close()
            await slowB.close()
        }
    }

    @Test("WS-HUB-SLOW-DISCONNECT: a subscriber too slow for its queue is closed with 1008 while the others keep receiving")
    func slowDisconnect() async throws {
        let hub = BroadcastHub(policy: .disconnect, maximumQueuedBytes: 256 << 10)
        let (server, delegates) = try Self.server(
            hub, configuration: makeConfiguration {
                // The raw subscriber reads every frame as a numbered message: no keepalive ping among them (these
                // tests run past the 20 s ping interval under a sanitizer).
                $0.keepalive = nil
                $0.writeBufferHighWaterMark = 64 << 10
                $0.writeBufferLowWaterMark = 16 << 10
            })
        try await withServer(server) { server in
            let fast = [try await server.connect("/room"), try await server.connect("/room")]
            let slow = try await server.raw(receiveBufferSize: 4096)
            try await slow.upgrade(path: "/room")
            let slowChannel = try await delegates.delegate(2).channel()
            // Publish one message at a time, each after the fast subscribers have read the previous one.
            var published = 0
            while published < 2000 {
                #expect(hub.publish(Self.numbered(published, size: 32 << 10), to: "/room") >= 2)
                for client in fast { #expect(try await client.nextMessage() == .binary(Self.numbered(published, size: 32 << 10).bytes)) }
                published += 1
                if try await !slowChannel.onLoop({ $0.isOpen }) { break }
            }
            try #require(published < 2000, "the slow subscriber was never disconnected")
            // The fast subscribers keep receiving.
            for extra in published..<(published + 5) {
                hub.publish(Self.numbered(extra, size: 32 << 10), to: "/room")
                for client in fast { #expect(try await client.nextMessage() == .binary(Self.numbered(extra, size: 32 << 10).bytes)) }
            }
            // The slow one, reading at last, finds an in-order prefix of the messages and then the close with 1008.
            let (close, before) = try await slow.readUntilClose()
            #expect(close.closeCode == 1008)
            let indices = before.map { Self.index(of: $0.payload) }
            #expect(indices == Array(0..<indices.count))
            #expect(indices.count < published)
            try await slow.send(RawFrame(opcode: RawFrame.close, payload: close.payload))
            #expect(try await slow.readToEnd().ending == .eof)
            try await eventually("the hub to forget the slow subscriber") { hub.subscriberCount(room: "/room") == 2 }
        }
    }

    @Test("WS-HUB-SLOW-DROP-OLDEST: a slow subscriber stays connected, loses its oldest messages, and its queue stays bounded")
    func slowDropOldest() async throws {
        let maximum = 128 << 10
        let size = 16 << 10
        let hub = BroadcastHub(policy: .dropOldest, maximumQueuedBytes: maximum)
        let (server, delegates) = try Self.server(
            hub, configuration: makeConfiguration {
                // The raw subscriber reads every frame as a numbered message: no keepalive ping among them (these
                // tests run past the 20 s ping interval under a sanitizer).
                $0.keepalive = nil
                $0.writeBufferHighWaterMark = 64 << 10
                $0.writeBufferLowWaterMark = 16 << 10
            })
        try await withServer(server) { server in
            let fast = try await server.connect("/room")
            let slow = try await server.raw(receiveBufferSize: 4096)
            try await slow.upgrade(path: "/room")
            let slowChannel = try await delegates.delegate(1).channel()
            let total = 300
            let frameSize = PreparedMessage(Self.numbered(0, size: size)).frameBytes.count
            var largestRetained = 0
            var largestBuffered = 0
            for index in 0..<total {
                hub.publish(Self.numbered(index, size: size), to: "/room")
                #expect(try await fast.nextMessage() == .binary(Self.numbered(index, size: size).bytes))
                largestRetained = max(largestRetained, try await Self.retainedFrames(slowChannel, hub: hub).count)
                largestBuffered = max(largestBuffered, try await slowChannel.onLoop { $0.bufferedOutboundBytes })
            }
            #expect(try await slowChannel.onLoop { $0.isOpen }, "still connected")
            #expect(largestBuffered <= (64 << 10) + frameSize, "the socket buffer stays near its high-water mark")
            #expect(largestRetained * frameSize <= maximum, "the hub holds at most maximumQueuedBytes for it")
            // Reading at last: an in-order prefix, a gap, then the newest messages that fit in the queue.
            var indices: [Int] = []
            while indices.last != total - 1 {
                indices.append(Self.index(of: try await slow.readFrame().payload))
            }
            #expect(indices == indices.sorted() && Set(indices).count == indices.count, "in order: \(indices)")
            let gaps = zip(indices, indices.dropFirst()).enumerated().filter { $0.element.1 != $0.element.0 + 1 }
            let lastGap = try #require(gaps.last?.offset, "nothing was dropped")
            let newest = indices.count - lastGap - 1
            #expect(newest >= 1 && newest <= maximum / frameSize, "\(newest) newest messages kept")
            // Still a working connection.
            try await slow.send(RawFrame(opcode: RawFrame.text, payload: Array("alive".utf8)))
            #expect(try await slow.readFrame().payload == Array("alive".utf8))
        }
    }
}

@Suite("WebSocket broadcast hub and fragmented sends", .timeLimit(.minutes(1)))
struct WebSocketHubInterleavingTests {
    @Test("WS-HUB-NO-INTERLEAVE: a published message never lands inside a fragmented message the connection is sending")
    func publishDuringFragmentedSend() async throws {
        let hub = BroadcastHub()
        let (server, delegates) = try WebSocketHubTests.server(hub)
        try await withServer(server) { server in
            let client = try await server.connect("/room")
            let channel = try await delegates.delegate(0).channel()
            let begun = try await channel.onLoop { channel -> Bool in
                (try? channel.beginFragmentedMessage(.binary, [1])) != nil
            }
            try #require(begun)
            hub.publish(.text("news"), to: "/room")
            let finished = try await channel.onLoop { channel -> Bool in
                (try? channel.continueFragmentedMessage([2], isFinal: true)) != nil
            }
            do {
                #expect(finished, "the fragmented message could not be finished")
                var received: [WebSocketMessage] = []
                for _ in 0..<2 { received.append(try await client.nextMessage()) }
                #expect(Set(received) == [.binary([1, 2]), .text("news")])
                #expect(client.closeInfo == nil, "the client failed the connection: \(String(describing: client.closeInfo))")
            }
            try await client.close()
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
