import Testing
@testable import WebSocketIO
@testable import ws

@Suite("Metrics: ws serve's endpoint", .timeLimit(.minutes(1)))
struct ServeMetricsEndpointTests {
    /// The endpoint for `arguments`, as `ws serve` parses them.
    static func endpoint(_ arguments: [String]) throws -> ServeMetricsEndpoint {
        let options = try CommandLineArguments(
            arguments, valueOptions: ServeMetricsEndpoint.valueOptions, flagOptions: ServeMetricsEndpoint.flagOptions)
        return try ServeMetricsEndpoint(options)
    }

    /// A server answering plain HTTP as `ws serve` does (the endpoint, then the page or 426).
    static func withServing(_ endpoint: ServeMetricsEndpoint, _ body: (TestServer) async throws -> Void) async throws {
        let server = try TestServer.callback(
            handleHTTP: { endpoint.answer($0.head) ?? servePage($0.head, broadcast: false) },
            makeDelegate: { _ in EchoDelegate() })
        endpoint.attach(server.server, hub: nil)
        try await withServer(server, body)
    }

    static func get(_ server: TestServer, _ path: String, method: String = "GET") async throws -> RawHTTPResponse {
        let raw = try await server.raw()
        try await raw.write("\(method) \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        return try await raw.readResponse()
    }

    @Test("WS-METRICS-ENDPOINT: GET /metrics by default, with the format's content type; 405 for other methods")
    func defaultPath() async throws {
        let endpoint = try Self.endpoint([])
        try await Self.withServing(endpoint) { server in
            let client = try await server.connect()
            try await client.send(text: "hi")
            _ = try await client.nextMessage()
            let response = try await Self.get(server, "/metrics")
            #expect(response.status == 200)
            #expect(response.headers.first("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.bodyText.contains("\nwebsocket_messages_received_total{type=\"text\"} 1\n"))
            #expect(response.bodyText.contains("\nwebsocket_connections_open 1\n"))
            #expect(!response.bodyText.contains("websocket_hub_"), "no hub in echo mode")
            let post = try await Self.get(server, "/metrics", method: "DELETE")
            #expect(post.status == 405 && post.headers.first("Allow") == "GET")
            #expect(try await Self.get(server, "/").status == 200, "the page is still there")
            // A scrape is a plain HTTP request itself: the first one and the page so far (each counted once answered).
            let again = try await Self.get(server, "/metrics")
            #expect(again.bodyText.contains("\nwebsocket_handshakes_total{outcome=\"http\",reason=\"http-200\"} 2\n"))
            #expect(again.bodyText.contains("\nwebsocket_handshakes_total{outcome=\"http\",reason=\"http-405\"} 1\n"))
            try await client.close()
        }
    }

    @Test("WS-METRICS-ENDPOINT: --metrics-path moves it, --no-metrics turns it off, bad combinations are usage errors")
    func options() async throws {
        let moved = try Self.endpoint(["--metrics-path", "/internal/metrics"])
        try await Self.withServing(moved) { server in
            let metrics = try await Self.get(server, "/internal/metrics")
            #expect(metrics.status == 200)
            let old = try await Self.get(server, "/metrics")
            #expect(old.status == 426)
        }
        let off = try Self.endpoint(["--no-metrics"])
        try await Self.withServing(off) { server in
            let response = try await Self.get(server, "/metrics")
            #expect(response.status == 426)
        }
        #expect(try Self.endpoint(["--metrics"]).path == "/metrics")
        for bad in [["--no-metrics", "--metrics"], ["--no-metrics", "--metrics-path", "/m"], ["--metrics-path", "metrics"],
                    ["--metrics-path", "/m?x=1"], ["--metrics-path", "/a b"]] {
            #expect(throws: CommandLineArguments.ParseError.self, "\(bad)") { try Self.endpoint(bad) }
        }
    }
}
