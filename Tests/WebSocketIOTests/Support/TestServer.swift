import Testing
@testable import WebSocketIO

/// A configuration changed by `edit`.
func makeConfiguration(_ edit: (inout WebSocketConfiguration) -> Void) -> WebSocketConfiguration {
    var configuration = WebSocketConfiguration()
    edit(&configuration)
    return configuration
}

/// A WebSocket server on 127.0.0.1 (or ::1) with its own two event loops, and one more loop for test clients.
final class TestServer: Sendable {
    let group: EventLoopGroup
    let clientGroup: EventLoopGroup
    let server: WebSocketServer
    let host: String

    var port: Int { server.port }
    var metrics: WebSocketMetrics.Snapshot { server.counters }
    /// The URL of `path` on this server.
    func url(_ path: String = "/") -> String {
        host.contains(":") ? "ws://[\(host)]:\(port)\(path)" : "ws://\(host):\(port)\(path)"
    }

    private init(group: EventLoopGroup, server: WebSocketServer, host: String) throws {
        self.group = group
        self.clientGroup = try EventLoopGroup(numberOfThreads: 1)
        self.server = server
        self.host = host
    }

    /// A server whose connections are handed to `onConnection` (the async API).
    static func async(
        host: String = "127.0.0.1", configuration: WebSocketConfiguration = WebSocketConfiguration(),
        maximumConnections: Int? = nil, readBufferSize: Int = 128 * 1024,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> TestServer {
        let group = try EventLoopGroup(numberOfThreads: 2, readBufferSize: readBufferSize)
        do {
            let server = try WebSocketServer.start(
                host: host, port: 0, configuration: configuration, group: group, maximumConnections: maximumConnections,
                decideUpgrade: decideUpgrade, handleHTTP: handleHTTP, onConnection: onConnection)
            return try TestServer(group: group, server: server, host: host)
        } catch {
            group.shutdown()
            throw error
        }
    }

    /// An echo server (the async API) on `loops` event loops whose upgrade decisions may suspend.
    static func suspending(
        loops: Int = 2, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        decideUpgrade: @escaping @Sendable (UpgradeRequest) async -> UpgradeDecision,
        onConnection: @escaping @Sendable (WebSocket) async -> Void = { await echo($0) }
    ) throws -> TestServer {
        let group = try EventLoopGroup(numberOfThreads: loops)
        do {
            let server = try WebSocketServer.start(
                host: "127.0.0.1", port: 0, configuration: configuration, group: group, decideUpgrade: decideUpgrade,
                onConnection: onConnection)
            return try TestServer(group: group, server: server, host: "127.0.0.1")
        } catch {
            group.shutdown()
            throw error
        }
    }

    /// An echo server (the async API) on `loops` event loops that answers plain HTTP requests with `handleHTTP`.
    static func http(
        loops: Int = 2, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse
    ) throws -> TestServer {
        let group = try EventLoopGroup(numberOfThreads: loops)
        do {
            let server = try WebSocketServer.start(
                host: "127.0.0.1", port: 0, configuration: configuration, group: group, handleHTTP: handleHTTP,
                onConnection: { await echo($0) })
            return try TestServer(group: group, server: server, host: "127.0.0.1")
        } catch {
            group.shutdown()
            throw error
        }
    }

    /// A server whose connections get delegates from `makeDelegate` (the callback API).
    static func callback(
        host: String = "127.0.0.1", configuration: WebSocketConfiguration = WebSocketConfiguration(),
        maximumConnections: Int? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> TestServer {
        let group = try EventLoopGroup(numberOfThreads: 2)
        do {
            let server = try WebSocketServer.start(
                host: host, port: 0, configuration: configuration, group: group, maximumConnections: maximumConnections,
                decideUpgrade: decideUpgrade, handleHTTP: handleHTTP, makeDelegate: makeDelegate)
            return try TestServer(group: group, server: server, host: host)
        } catch {
            group.shutdown()
            throw error
        }
    }

    /// An async echo server that also records its connections.
    static func echo(
        configuration: WebSocketConfiguration = WebSocketConfiguration(), host: String = "127.0.0.1",
        sockets: Watch<[WebSocket]>? = nil
    ) throws -> TestServer {
        try async(host: host, configuration: configuration) { socket in
            sockets?.update { $0.append(socket) }
            await echo(socket)
        }
    }

    /// Echoes every message until the connection closes.
    static func echo(_ socket: WebSocket) async {
        for await message in socket.messages {
            do { try await socket.send(message) } catch { return }
        }
    }

    /// Connects an async client (on this server's loops), bounded by `stepLimit`.
    func connect(
        _ path: String = "/", headers: HTTPHeaders = HTTPHeaders(), subprotocols: [String] = [], origin: String? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration(), metrics: WebSocketMetrics? = nil
    ) async throws -> WebSocket {
        let url = url(path)
        let loop = clientGroup.next()
        return try await within(stepLimit, "connecting to \(url)") {
            try await WebSocket.connect(
                to: url, headers: headers, subprotocols: subprotocols, origin: origin, configuration: configuration,
                on: loop, metrics: metrics)
        }
    }

    /// Connects a callback-API client with `delegate`, bounded by `stepLimit`.
    func connect(
        delegate: RecordingDelegate, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        metrics: WebSocketMetrics? = nil
    ) async throws -> WebSocketChannel {
        let url = url()
        let loop = clientGroup.next()
        return try await within(stepLimit, "connecting to \(url)") {
            try await WebSocketClient.connect(
                to: url, configuration: configuration, on: loop, metrics: metrics, delegate: delegate)
        }
    }

    /// Connects a raw socket to this server.
    func raw(receiveBufferSize: Int32? = nil, sending first: [UInt8] = []) async throws -> RawSocket {
        try await RawSocket.connect(host: host, port: port, receiveBufferSize: receiveBufferSize, sending: first)
    }

    /// Checks the server still serves: a fresh client gets an echo (the server must echo).
    func expectStillServes(_ note: String = "") async throws {
        let client = try await connect()
        try await client.send(text: "still here \(note)")
        let reply = try await client.nextMessage()
        #expect(reply == .text("still here \(note)"))
        try await client.close()
    }

    /// Stops the server (closing its connections, bounded) and its loops.
    func stop() async {
        await server.shutdown(timeout: .seconds(1))
        await group.shutdownGracefully()
        await clientGroup.shutdownGracefully()
    }
}

/// Runs `body` with `server` and stops the server afterwards, also when `body` throws.
func withServer<Value>(_ server: TestServer, _ body: (TestServer) async throws -> Value) async throws -> Value {
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
