#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Transport
@testable import WebSocketIO

@Suite("Transport on Unix-domain sockets", .timeLimit(.minutes(1)))
struct UnixSocketTransportTests {
    @Test("WS-IO-UNIX-LISTEN, WS-IO-UNIX-CONNECT: bytes echo over a Unix-domain socket, in order and unchanged")
    func echo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 2)
        defer { group.shutdown() }
        let path = directory.file("echo.sock")
        let server = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
        #expect(server.localAddress.description == "unix:\(path)")
        #expect(server.localAddress.unixPath == path)
        #expect(server.port == 0)
        let watch = Watch(ConnectionRecord())
        let connection = try await TCPClient.connect(unixPath: path, on: group.next()) { _ in RecordingHandler(watch) }
        let payload = TransportTestSupport.pattern(3 << 20, seed: 7)
        connection.eventLoop.execute { connection.write(payload) }
        let record = await watch.wait { $0.receivedCount >= payload.count || $0.closed }
        #expect(record.bytes == payload)
        connection.eventLoop.execute { connection.close() }
        await watch.wait { $0.closed }
        await server.stop()
    }

    @Test("WS-IO-UNIX-PATH: empty, NUL-holding and over-long paths are typed errors before any system call")
    func invalidPaths() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let long = "/tmp/" + String(repeating: "x", count: SocketAddress.maximumUnixPathLength)
        for path in ["", "/tmp/a\u{0}b", long] {
            #expect(throws: TransportError.self) {
                _ = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
            }
            do {
                _ = try await TCPClient.connect(unixPath: path, on: group.next()) { _ in EchoHandler() }
                Issue.record("connected to \(path.debugDescription)")
            } catch {
                guard case .invalidUnixSocketPath = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
        }
        // The longest path that fits is accepted (the address carries it whole).
        let fits = "/tmp/" + String(repeating: "y", count: SocketAddress.maximumUnixPathLength - 5)
        #expect(try SocketAddress(unixPath: fits).unixPath == fits)
        #expect(!fileExists(long))
    }

    @Test("WS-IO-UNIX-SAFE-CREATE: a regular file, a directory or a link at the path is refused and left as it was")
    func refusesNonSockets() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let regular = directory.file("regular")
        let fd = open(regular, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        _ = write(fd, "keep", 4)
        close(fd)
        let subdirectory = directory.file("dir")
        #expect(mkdir(subdirectory, 0o700) == 0)
        let link = directory.file("link")
        #expect(symlink(regular, link) == 0)
        for path in [regular, subdirectory, link] {
            let before = fileMode(path)
            do {
                _ = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
                Issue.record("bound over \(path)")
            } catch {
                #expect(error == .invalidUnixSocketPath(path: path, reason: "exists and is not a socket"))
            }
            #expect(fileMode(path) == before)
        }
        var status = stat()
        #expect(stat(regular, &status) == 0 && status.st_size == 4)
    }

    @Test("WS-IO-UNIX-SAFE-CREATE: a live server's socket is EADDRINUSE; a stale socket is replaced")
    func liveAndStale() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let path = directory.file("live.sock")
        let live = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
        #expect(throws: TransportError.posix(operation: "bind", code: EADDRINUSE)) {
            _ = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
        }
        // The live server still accepts.
        let watch = Watch(ConnectionRecord())
        let connection = try await TCPClient.connect(unixPath: path, on: group.next()) { _ in RecordingHandler(watch) }
        connection.eventLoop.execute { connection.close() }
        await live.stop()

        // A stale socket: bound by a process that went away without removing it.
        let stale = directory.file("stale.sock")
        let address = try SocketAddress(unixPath: stale)
        let fd = socket(AF_UNIX, PosixSocketCalls.streamType, 0)
        #expect(address.withSockAddr { bind(fd, $0, $1) } == 0)
        close(fd)
        #expect(fileMode(stale).map { $0 & S_IFMT == S_IFSOCK } == true)
        let replacing = try TCPServer.bind(unixPath: stale, group: group) { _ in EchoHandler() }
        let second = try await TCPClient.connect(unixPath: stale, on: group.next()) { _ in EchoHandler() }
        second.eventLoop.execute { second.close() }
        await replacing.stop()
    }

    @Test("WS-IO-UNIX-MODE: the socket file has mode 0600 by default, or the mode asked for")
    func mode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let owner = directory.file("owner.sock")
        let first = try TCPServer.bind(unixPath: owner, group: group) { _ in EchoHandler() }
        #expect(fileMode(owner).map { $0 & 0o777 } == 0o600)
        let shared = directory.file("group.sock")
        let second = try TCPServer.bind(unixPath: shared, permissions: 0o660, group: group) { _ in EchoHandler() }
        #expect(fileMode(shared).map { $0 & 0o777 } == 0o660)
        await first.stop()
        await second.stop()
    }

    @Test("WS-IO-UNIX-REMOVE: stop removes the socket file, but not a file that replaced it at the same path")
    func removal() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let path = directory.file("server.sock")
        let server = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
        #expect(fileExists(path))
        await server.stop()
        #expect(!fileExists(path))

        let replaced = try TCPServer.bind(unixPath: path, group: group) { _ in EchoHandler() }
        #expect(unlink(path) == 0)
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        close(fd)
        await replaced.stop()
        #expect(fileMode(path).map { $0 & S_IFMT == S_IFREG } == true)
    }

    @Test("WS-IO-UNIX-CONNECT: no socket at the path is ENOENT; a stale socket is ECONNREFUSED")
    func connectFailures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        await #expect(throws: TransportError.posix(operation: "connect", code: ENOENT)) {
            _ = try await TCPClient.connect(unixPath: directory.file("absent.sock"), on: group.next()) { _ in EchoHandler() }
        }
        let stale = directory.file("stale.sock")
        let address = try SocketAddress(unixPath: stale)
        let fd = socket(AF_UNIX, PosixSocketCalls.streamType, 0)
        #expect(address.withSockAddr { bind(fd, $0, $1) } == 0)
        close(fd)
        await #expect(throws: TransportError.posix(operation: "connect", code: ECONNREFUSED)) {
            _ = try await TCPClient.connect(unixPath: stale, on: group.next()) { _ in EchoHandler() }
        }
    }
}
