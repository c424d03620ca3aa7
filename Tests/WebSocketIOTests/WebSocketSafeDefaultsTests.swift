import Testing
@testable import WebSocketIO

@Suite("WebSocket safe defaults", .timeLimit(.minutes(1)))
struct WebSocketSafeDefaultsTests {
    @Test("WS-SAFE-DEFAULTS: keepalive 20 s / 20 s, write-stall 30 s, byte-bounded async queue, idle codec release are on by default")
    func defaults() throws {
        let configuration = WebSocketConfiguration()
        #expect(configuration.keepalive == .init(interval: .seconds(20), timeout: .seconds(20)))
        #expect(configuration.writeStallTimeout == .seconds(30))
        #expect(configuration.inboundQueueByteLimit == 4 << 20)
        #expect(configuration.extensionIdleMemoryRelease == .seconds(30))
        try configuration.validate()
        for edit: (inout WebSocketConfiguration) -> Void in [
            { $0.writeStallTimeout = .zero }, { $0.inboundQueueByteLimit = 0 }, { $0.extensionIdleMemoryRelease = .seconds(-1) },
            { $0.keepalive = .init(interval: .zero, timeout: .seconds(1)) }, { $0.connection.limits.maximumFrameSize = -5 },
        ] {
            #expect(throws: ConfigurationError.self) { try makeConfiguration(edit).validate() }
        }
    }

    @Test("WS-LIMIT-VALIDATED: a server or client with invalid limits fails at start, before any socket is used")
    func invalidLimitsFailAtStart() async throws {
        let invalid = makeConfiguration { $0.connection.limits.maximumMessageSize = -1 }
        #expect(throws: ConfigurationError.self) { _ = try TestServer.echo(configuration: invalid) }
        try await withServer(try .echo()) { server in
            do {
                _ = try await server.connect(configuration: invalid)
                Issue.record("a client with invalid limits connected")
            } catch let error as WebSocketConnectError {
                guard case .invalidConfiguration(let why) = error else { Issue.record("unexpected \(error)"); return }
                #expect(why.setting == "maximumMessageSize")
            }
            try await server.expectStillServes()
        }
    }

    @Test("WS-WRITE-STALL: a peer that reads nothing while our buffer stays above the high-water mark is dropped")
    func writeStall() async throws {
        let server = try TestServer.echo(configuration: makeConfiguration {
            $0.writeBufferHighWaterMark = 64 << 10
            $0.writeBufferLowWaterMark = 16 << 10
            $0.writeStallTimeout = .milliseconds(300)
        })
        try await withServer(server) { server in
            // The client stops reading and keeps sending: the server's echoes back up, it stops reading, and after
            // the stall timeout it drops the connection.
            let client = try await server.connect(configuration: makeConfiguration { $0.writeStallTimeout = nil })
            try await client.channel.onLoop { $0.pauseReading() }
            let start = ContinuousClock.now
            let sender = Task {
                for _ in 0..<512 { try await client.send(binary: [UInt8](repeating: 7, count: 64 << 10)) }
            }
            let code = try await client.closeCode(within: .seconds(20))
            #expect(code == .abnormalClosure)
            #expect(elapsed(since: start) >= .milliseconds(300))
            _ = await sender.result
            try await eventually("the server to count the stall") { server.metrics.writeStalls == 1 }
            try await server.expectStillServes()
        }
    }

    @Test("WS-WRITE-STALL: a peer that reads slowly but keeps draining is not dropped")
    func slowReaderKept() async throws {
        let server = try TestServer.echo(configuration: makeConfiguration {
            $0.writeBufferHighWaterMark = 64 << 10
            $0.writeBufferLowWaterMark = 16 << 10
            $0.writeStallTimeout = .seconds(3)
        })
        try await withServer(server) { server in
            let client = try await server.connect()
            let payload = [UInt8](repeating: 1, count: 32 << 10)
            for _ in 0..<40 { try await client.send(binary: payload) }
            // Reads everything back, with pauses shorter than the stall timeout between reads.
            for index in 0..<40 {
                if index % 8 == 0 { try await Task.sleep(for: .milliseconds(150)) }
                #expect(try await client.nextMessage() == .binary(payload))
            }
            #expect(server.metrics.writeStalls == 0)
            try await client.close()
        }
    }

    @Test("WS-ASYNC-QUEUE-BYTES: the async inbound queue stops reading at its byte limit, whatever the message count")
    func queueBoundedByBytes() async throws {
        let byteLimit = 256 << 10
        let size = 100 << 10
        let total = 40
        let sockets = Watch<[WebSocket]>([])
        let server = try TestServer.async(
            configuration: makeConfiguration {
                $0.inboundMessageQueueLimit = 64
                $0.inboundQueueByteLimit = byteLimit
            },
            onConnection: { socket in
                sockets.update { $0.append(socket) }
                _ = await socket.closed()
            })
        try await withServer(server) { server in
            let client = try await server.connect()
            let serverSocket = try await sockets.wait("the server connection") { !$0.isEmpty }[0]
            let sender = Task {
                for index in 0..<total { try await client.send(binary: [UInt8](repeating: UInt8(index), count: size)) }
            }
            try await eventually("the server to stop reading") { try await !serverSocket.channel.isReadingNow() }
            let queuedBytes = serverSocket.queuedMessageBytes
            // Over the limit by at most what one read (128 KiB buffer, a handful of loop reads) delivered.
            #expect(queuedBytes >= byteLimit)
            #expect(queuedBytes <= byteLimit + 8 * size, "queued \(queuedBytes) bytes")
            #expect(serverSocket.queuedMessageCount < 64)
            for index in 0..<total {
                #expect(try await serverSocket.nextMessage() == .binary([UInt8](repeating: UInt8(index), count: size)))
                #expect(serverSocket.queuedMessageBytes <= byteLimit + 8 * size)
            }
            try await within(stepLimit, "the sender to finish") { try await sender.value }
            try await client.close()
        }
    }
}

/// An extension that transforms nothing and counts `releaseIdleMemory` calls.
final class IdleCountingExtension: WebSocketExtension, @unchecked Sendable {
    let name = "x-idle-counting"
    let reservedBits: ReservedBits = []
    let releases = Watch(0)

    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { false }
    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {}
    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) { (payload, []) }
    func releaseIdleMemory() { releases.update { $0 += 1 } }
}

/// Negotiates `IdleCountingExtension` and keeps the server's instances.
struct IdleCountingFactory: WebSocketExtensionFactory {
    let name = "x-idle-counting"
    let created = Watch<[IdleCountingExtension]>([])

    func clientOffers() -> [ExtensionOffer] { [ExtensionOffer(name: name)] }
    func clientAccept(_ response: ExtensionOffer) throws(ExtensionNegotiationError) -> any WebSocketExtension {
        IdleCountingExtension()
    }
    func serverAccept(_ offers: [ExtensionOffer]) -> (response: ExtensionOffer, instance: any WebSocketExtension)? {
        let instance = IdleCountingExtension()
        created.update { $0.append(instance) }
        return (ExtensionOffer(name: name), instance)
    }
}

@Suite("WebSocket extension idle memory", .timeLimit(.minutes(1)))
struct WebSocketExtensionIdleTests {
    @Test("WS-EXTENSION-IDLE-TIMER: a connection quiet for a whole period releases its extensions' idle memory once; traffic re-arms it")
    func releaseWhenQuiet() async throws {
        let factory = IdleCountingFactory()
        let sockets = Watch<[WebSocket]>([])
        // A period far longer than the test: the checks are driven by hand, in order, on the channel's loop.
        let server = try TestServer.echo(
            configuration: makeConfiguration {
                $0.extensions = [factory]
                $0.keepalive = nil
                $0.extensionIdleMemoryRelease = .seconds(3600)
            }, sockets: sockets)
        try await withServer(server) { server in
            let client = try await server.connect(configuration: makeConfiguration {
                $0.extensions = [IdleCountingFactory()]
                $0.extensionIdleMemoryRelease = nil
            })
            let instance = try await factory.created.wait("the server's extension") { !$0.isEmpty }[0]
            let channel = try await sockets.wait("the server connection") { !$0.isEmpty }[0].channel
            var hours = 0
            func tick() async throws {
                hours += 1
                let after = Duration.seconds(3600 * hours)
                _ = try await channel.onLoop { $0.fireTimerForTesting(after: after) }
            }
            func exchange(_ text: String) async throws {
                try await client.send(text: text)
                #expect(try await client.nextMessage() == .text(text))
            }
            try await exchange("first")
            try await tick()  // messages since the last check: not quiet
            #expect(instance.releases.value == 0)
            try await tick()  // a whole quiet period: released
            #expect(instance.releases.value == 1)
            try await tick()  // still quiet: not released again
            try await tick()
            #expect(instance.releases.value == 1)
            try await exchange("again")  // traffic re-arms it
            try await tick()
            #expect(instance.releases.value == 1)
            try await tick()
            #expect(instance.releases.value == 2)
            #expect(server.metrics.extensionIdleReleases == 2)
            try await client.close()
        }
    }
}
