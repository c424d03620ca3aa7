import Testing
import WebSocketDeflate
@testable import WebSocketIO

/// A server with traffic of every kind, for the metrics tests: text and binary messages, a compressed one each way,
/// a ping, hub publications to two rooms (one with a name that needs escaping), a handshake the application
/// rejects, a plain HTTP request, and closes with an application code and with 1000. Keepalive is off, so that
/// every count is exact.
struct MetricsWorkload {
    /// A room name with every character the text format escapes, and some UTF-8.
    static let awkwardRoom = "we\\ird \"room\"\nline 2 é"
    /// A text message long and repetitive enough to be compressed (above the 128-byte threshold).
    static let compressible = String(repeating: "compressible ", count: 400)

    let server: TestServer
    let hub: BroadcastHub
    /// The counters of the two clients.
    let clients: WebSocketMetrics

    /// Runs the workload on a fresh server (with the hub, `backplane` if given), then `body`, then stops the server.
    static func run(
        backplane: (any BroadcastBackplane)? = nil, _ body: (MetricsWorkload) async throws -> Void
    ) async throws {
        let hub = try backplane.map { try BroadcastHub(backplane: $0, nodeID: "node-a") } ?? BroadcastHub()
        let delegates = ServerDelegates {
            RecordingDelegate(echo: true) { channel in
                let path = channel.request?.path ?? "/"
                hub.join(channel, room: path == "/awkward" ? awkwardRoom : String(path.dropFirst()))
            }
        }
        let configuration = makeConfiguration {
            $0.keepalive = nil
            $0.extensions = [PerMessageDeflate()]
        }
        let server = try TestServer.callback(
            configuration: configuration,
            decideUpgrade: { $0.path == "/denied" ? .reject(status: 403, reason: "Forbidden") : .accept },
            makeDelegate: delegates.makeDelegate)
        try await withServer(server) { server in
            let clients = WebSocketMetrics()
            let clientConfiguration = makeConfiguration { $0.keepalive = nil }
            let compressing = try await server.connect(
                "/a", configuration: makeConfiguration {
                    $0.keepalive = nil
                    $0.extensions = [PerMessageDeflate()]
                }, metrics: clients)
            let plain = try await server.connect("/awkward", configuration: clientConfiguration, metrics: clients)
            for index in 0..<3 {
                try await compressing.send(text: "hello \(index)")
                #expect(try await compressing.nextMessage() == .text("hello \(index)"))
            }
            for index in 0..<2 {
                try await plain.send(binary: [1, 2, UInt8(index)])
                #expect(try await plain.nextMessage() == .binary([1, 2, UInt8(index)]))
            }
            try await compressing.send(text: compressible)
            #expect(try await compressing.nextMessage() == .text(compressible))
            #expect(try await compressing.ping([7]))
            #expect(hub.publish(.text("news for a"), to: "a") == 1)
            #expect(hub.publish(.binary([9]), to: awkwardRoom) == 1)
            #expect(try await compressing.nextMessage() == .text("news for a"))
            #expect(try await plain.nextMessage() == .binary([9]))
            _ = try? await server.connect("/denied", configuration: clientConfiguration)
            let http = try await server.raw()
            try await http.write("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await http.readResponse().status == 426)
            #expect(try await compressing.close(code: CloseCode(4001), reason: "done") == CloseCode(4001))
            #expect(try await plain.close() == .normalClosure)
            try await eventually("both sides to count the closes") {
                server.metrics.closeCodes.values.reduce(0, +) == 2 && clients.snapshot.closeCodes.values.reduce(0, +) == 2
            }
            try await body(MetricsWorkload(server: server, hub: hub, clients: clients))
        }
    }
}
