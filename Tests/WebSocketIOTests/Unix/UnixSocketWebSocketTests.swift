#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import WebSocketIO

@Suite("WebSocket on Unix-domain sockets", .timeLimit(.minutes(1)))
struct UnixSocketWebSocketTests {
    @Test("WS-UNIX-WEBSOCKET: echo over a Unix socket; the URL gives Host and target; shutdown removes the file")
    func echo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ws.sock")
        let requests = Watch<[UpgradeRequest]>([])
        let group = try EventLoopGroup(numberOfThreads: 1)
        let server = try WebSocketServer.start(unixPath: path, group: group) { socket in
            if let request = socket.request { requests.update { $0.append(request) } }
            await TestServer.echo(socket)
        }
        #expect(server.localAddress.unixPath == path)
        let client = try await WebSocket.connect(to: "ws://sidecar.local/chat?room=a", unixSocketPath: path)
        try await client.send(text: "héllo")
        #expect(try await client.nextMessage() == .text("héllo"))
        let large = [UInt8](repeating: 0xA5, count: 1 << 20)
        try await client.send(binary: large)
        #expect(try await client.nextMessage() == .binary(large))
        let request = try #require(requests.value.first)
        #expect(request.host == "sidecar.local")
        #expect(request.path == "/chat")
        #expect(request.query == "room=a")
        #expect(client.channel.remoteAddress?.isUnix == true)
        #expect(try await client.close(code: CloseCode(4000), reason: "done") == CloseCode(4000))
        await server.shutdown()
        await group.shutdownGracefully()
        #expect(!fileExists(path))
    }

    @Test("WS-UNIX-WEBSOCKET: a redirect is followed over the same socket, and the route names the socket")
    func redirectOverSocket() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("redirect.sock")
        let group = try EventLoopGroup(numberOfThreads: 1)
        let server = try WebSocketServer.start(
            unixPath: path, group: group,
            decideUpgrade: { request in request.path == "/old" ? .redirect(to: "/new?x=1", status: 307) : .accept }
        ) { socket in
            try? await socket.send(text: socket.request?.path ?? "?")
            await TestServer.echo(socket)
        }
        let client = try await WebSocket.connect(to: "ws://app.local/old", unixSocketPath: path)
        #expect(try await client.nextMessage() == .text("/new"))
        let route = try #require(client.route)
        #expect(route.url == "ws://app.local/new?x=1")
        #expect(route.unixSocketPath == path)
        #expect(route.proxy == nil)
        #expect(route.redirects.map(\.status) == [307])
        #expect(route.description.contains("via unix:\(path)"))
        _ = try await client.close()
        await server.shutdown()
        await group.shutdownGracefully()
    }

    @Test("WS-UNIX-WEBSOCKET: a client whose socket path has no server gets a typed transport error")
    func noServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try await WebSocket.connect(to: "ws://localhost/", unixSocketPath: directory.file("none.sock"))
            Issue.record("connected")
        } catch {
            #expect(error.description.contains("connection failed"))
            guard case .transport(.posix(operation: "connect", code: ENOENT)) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }
}
