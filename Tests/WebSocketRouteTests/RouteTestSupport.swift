import Foundation
import PackageTestSupport
import RedisTestSupport
import Testing
import WebSocketIO

/// Servers and clients for the route tests.
enum RouteTest {
    /// Short timeouts, so a failure cannot stall the suite.
    static func configuration(handshakeTimeout: Duration = .seconds(5)) -> WebSocketConfiguration {
        var configuration = WebSocketConfiguration()
        configuration.handshakeTimeout = handshakeTimeout
        configuration.closeTimeout = .seconds(2)
        return configuration
    }

    /// An echo server on 127.0.0.1 whose upgrade decisions are `decide`'s (by request target).
    static func echoServer(
        decide: @escaping @Sendable (String) -> UpgradeDecision = { _ in .accept }
    ) throws -> WebSocketServer {
        try WebSocketServer.start(
            host: "127.0.0.1", port: 0, configuration: configuration(), group: EventLoopGroup(numberOfThreads: 1),
            decideUpgrade: { decide($0.head.target) }
        ) { socket in
            for await message in socket.messages {
                do { try await socket.send(message) } catch { return }
            }
        }
    }

    /// Sends `text` and returns the echo.
    static func echo(_ socket: WebSocket, _ text: String) async throws -> WebSocketMessage? {
        try await socket.send(text: text)
        var iterator = socket.messages.makeAsyncIterator()
        return await iterator.next()
    }

    /// The connection error of a client that is expected to fail.
    static func connectError(
        _ url: String, proxy: WebSocketProxyConfiguration = .none, maximumRedirects: Int = 10,
        handshakeTimeout: Duration = .seconds(5)
    ) async -> WebSocketConnectError? {
        do {
            let socket = try await WebSocket.connect(
                to: url, configuration: configuration(handshakeTimeout: handshakeTimeout), proxy: proxy,
                maximumRedirects: maximumRedirects)
            _ = try? await socket.close()
            return nil
        } catch {
            return error
        }
    }
}

/// A fake proxy on 127.0.0.1: every accepted connection gets `answer` once the request arrives, then (when
/// `closeAfter`) is closed; an empty `answer` with `closeAfter` false never answers.
final class FakeProxy: Sendable {
    let server: TCPServer
    let group: EventLoopGroup
    var url: String { "http://127.0.0.1:\(server.port)" }

    init(answer: [UInt8], closeAfter: Bool) throws {
        group = try EventLoopGroup(numberOfThreads: 1)
        server = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in
            FakeProxyHandler(answer: answer, closeAfter: closeAfter)
        }
    }

    func stop() async {
        await server.stop()
        group.shutdown()
    }
}

private final class FakeProxyHandler: TCPConnectionHandler {
    let answer: [UInt8]
    let closeAfter: Bool
    var answered = false

    init(answer: [UInt8], closeAfter: Bool) {
        self.answer = answer
        self.closeAfter = closeAfter
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        guard !answered else { return }
        answered = true
        connection.write(answer)
        if closeAfter { connection.close() }
    }
}

/// Python's `websockets` echo server on a free loopback port (`python3` with websockets ≥ 13).
final class PythonEchoServer: Sendable {
    let port: Int
    let process: Subprocess

    init() async throws {
        port = LoopbackSockets.freePort()
        let script = """
            import asyncio
            from websockets.asyncio.server import serve
            async def echo(ws):
                async for message in ws:
                    await ws.send(message)
            async def main():
                async with serve(echo, "127.0.0.1", \(port)):
                    await asyncio.get_running_loop().create_future()
            asyncio.run(main())
            """
        process = try Subprocess.spawn(["python3", "-c", script], output: .null, errors: .null)
        let deadline = ContinuousClock.now + .seconds(10)
        while !LoopbackSockets.accepts(port: port) {
            guard process.isRunning else { throw FixtureError("python3 websockets server exited (is websockets installed?)") }
            guard ContinuousClock.now < deadline else { throw FixtureError("python3 websockets server did not accept within 10 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Kills the server (SIGKILL: a child of the test runner may not see SIGTERM) and waits for it to exit.
    func stop() {
        process.send(signal: SIGKILL)
        process.waitForExit()
    }
}
