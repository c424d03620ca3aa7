import Testing
@testable import WebSocketIO

@Suite("WebSocket metrics", .timeLimit(.minutes(1)))
struct WebSocketMetricsTests {
    @Test("WS-METRICS: connections, messages, bytes, close codes and handshake rejections are counted")
    func counters() async throws {
        let sockets = Watch<[WebSocket]>([])
        let server = try TestServer.async(
            decideUpgrade: { $0.path == "/denied" ? .reject(status: 403, reason: "Forbidden") : .accept },
            onConnection: { socket in
                sockets.update { $0.append(socket) }
                await TestServer.echo(socket)
            })
        try await withServer(server) { server in
            #expect(server.metrics == WebSocketMetrics.Snapshot(
                connectionsOpen: 0, connectionsTotal: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0,
                closeCodes: [:], handshakeRejections: [:]))
            let clientMetrics = WebSocketMetrics()
            let first = try await server.connect(metrics: clientMetrics)
            let second = try await server.connect(metrics: clientMetrics)
            #expect(server.metrics.connectionsOpen == 2)
            #expect(server.metrics.connectionsTotal == 2)
            #expect(clientMetrics.snapshot.connectionsOpen == 2)
            for index in 0..<3 {
                try await first.send(text: "first \(index)")
                try await second.send(binary: [UInt8(index)])
            }
            for _ in 0..<3 {
                _ = try await first.nextMessage()
                _ = try await second.nextMessage()
            }
            var snapshot = server.metrics
            #expect(snapshot.messagesIn == 6)
            #expect(snapshot.messagesOut == 6)
            #expect(snapshot.bytesIn > 0 && snapshot.bytesOut > 0)
            #expect(clientMetrics.snapshot.messagesOut == 6)
            #expect(clientMetrics.snapshot.messagesIn == 6)
            // Client bytes out are the server's bytes in, and the reverse.
            #expect(clientMetrics.snapshot.bytesOut == snapshot.bytesIn)
            #expect(clientMetrics.snapshot.bytesIn == snapshot.bytesOut)

            // Rejections, by reason.
            _ = try? await server.connect("/denied")
            let raw = try await server.raw()
            try await raw.write(RawSocket.upgradeRequest(version: "7"))
            _ = try await raw.readResponse()
            let plain = try await server.raw()
            try await plain.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try await plain.readResponse()

            // Closes, by code, as the server reported them.
            try await first.close(code: CloseCode(4000), reason: "done")
            try await second.close(code: .goingAway)
            for socket in sockets.value { _ = try await socket.closeCode() }
            snapshot = server.metrics
            #expect(snapshot.connectionsOpen == 0)
            #expect(snapshot.connectionsTotal == 2)
            #expect(snapshot.closeCodes == [4000: 1, 1001: 1])
            #expect(snapshot.handshakeRejections == ["application-403": 1, "status-426": 1, "http-426": 1])
            #expect(clientMetrics.snapshot.connectionsOpen == 0)
            #expect(clientMetrics.snapshot.closeCodes == [4000: 1, 1001: 1])
        }
    }
}
