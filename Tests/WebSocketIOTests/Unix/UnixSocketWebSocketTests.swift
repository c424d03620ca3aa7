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
