#if TLS
import Testing
import WebSocketCore
import WebSocketIO
import WebSocketTLS

@Suite("wss echo", .timeLimit(.minutes(1)))
struct TLSEchoTests {
    @Test("WS-TLS-ECHO: text, binary and empty messages round-trip between our client and server over wss")
    func smallMessages() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: TLSTest.clientSecurity())
        for message: WebSocketMessage in [.text("héllo wörld"), .binary([0, 1, 2, 255]), .text(""), .binary([])] {
            #expect(try await TLSTest.roundTrip(socket, message) == message)
        }
        #expect(try await socket.close() == .normalClosure)
        await server.shutdown()
    }

    @Test("WS-TLS-ECHO: a fragmented message arrives whole")
    func fragmented() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: TLSTest.clientSecurity())
        let parts = (0..<20).map { TLSTest.pattern(1000 + $0) }
        let fragments = AsyncStream<[UInt8]> { continuation in
            for part in parts { continuation.yield(part) }
            continuation.finish()
        }
        try await socket.send(.binary, fragments: fragments)
        var iterator = socket.messages.makeAsyncIterator()
        #expect(await iterator.next() == .binary(parts.flatMap { $0 }))
        try await socket.close()
        await server.shutdown()
    }

    @Test("WS-TLS-ECHO: a 16 MiB message round-trips (many records, both directions)")
    func largeMessage() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let socket = try await TLSTest.connect("wss://127.0.0.1:\(server.port)/", security: TLSTest.clientSecurity())
        let payload = TLSTest.pattern(16 << 20)
        let echoed = try await TLSTest.roundTrip(socket, .binary(payload))
        #expect(echoed == .binary(payload))
        try await socket.close()
        await server.shutdown()
    }

    @Test("WS-TLS-ECHO: many connections at once each get their own echoes")
    func manyConnections() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let security = try TLSTest.clientSecurity()
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<40 {
                tasks.addTask {
                    let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: security)
                    let message = WebSocketMessage.text("connection \(index)")
                    let ok = try await TLSTest.roundTrip(socket, message) == message
                    try await socket.close()
                    return ok
                }
            }
            var good = 0
            for try await ok in tasks where ok { good += 1 }
            #expect(good == 40)
        }
        await server.shutdown()
    }

    @Test("WS-TLS-ALPN, WS-TLS-SNI, WS-TLS-VERSIONS: TLS 1.3 by default, ALPN http/1.1, the URL's host as SNI")
    func negotiated() async throws {
        let seen = Shared<(sni: String?, alpn: String?)>((nil, nil))
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity()) { channel in
            let stream = channel.stream as? TLSStream
            seen.update { $0 = (stream?.serverName, stream?.applicationProtocol) }
            return TLSEchoDelegate()
        }
        let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: TLSTest.clientSecurity())
        let (version, alpn, sni) = try #require(
            try await TLSTest.stream(socket) { ($0.protocolVersion, $0.applicationProtocol, $0.serverName) })
        #expect(version == "TLSv1.3")
        #expect(alpn == "http/1.1")
        #expect(sni == "localhost")
        #expect(seen.value.sni == "localhost")
        #expect(seen.value.alpn == "http/1.1")
        try await socket.close()

        // An IP address is checked against the certificate's IP SAN and never sent as SNI (RFC 6066 §3).
        let byAddress = try await TLSTest.connect("wss://127.0.0.1:\(server.port)/", security: TLSTest.clientSecurity())
        #expect(seen.value.sni == nil)
        try await byAddress.close()
        await server.shutdown()
    }

    @Test("WS-TLS-VERSIONS: TLS 1.2 is accepted, TLS 1.1 is refused (openssl s_client)")
    func versions() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let tls12 = try await OpenSSLClient.handshake(port: server.port, options: ["-tls1_2"])
        #expect(tls12.succeeded, "\(tls12.output)")
        #expect(tls12.output.contains("TLSv1.2"))
        let tls11 = try await OpenSSLClient.handshake(port: server.port, options: ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(!tls11.succeeded, "\(tls11.output)")
        await server.shutdown()
    }
}
#endif
