#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Transport
@testable import WebSocketIO

@Suite("Client local address", .timeLimit(.minutes(1)))
struct ClientLocalAddressTests {
    @Test(
        "WS-CLIENT-LOCAL-ADDRESS: a client bound to 127.0.0.2 reaches a server on 127.0.0.1 from that address; bad sources are typed errors",
        .enabled(if: ClientLocalAddressTests.hasSecondLoopbackAddress, "127.0.0.2 is not a loopback address here"))
    func localAddress() async throws {
        let seen = Mutex<[String]>([])
        try await withServer(
            try .async { socket in
                seen.withLock { $0.append(socket.channel.remoteAddress?.host ?? "?") }
                await TestServer.echo(socket)
            }
        ) { server in
            let client = try await WebSocket.connect(
                to: server.url(), on: server.clientGroup.next(), localAddress: "127.0.0.2")
            try await client.send(text: "from two")
            #expect(try await client.nextMessage() == .text("from two"))
            #expect(seen.withLock { $0 } == ["127.0.0.2"])
            try await client.close()

            for (source, unixPath) in [("localhost", nil), ("127.0.0.300", nil), ("127.0.0.2", "/tmp/none.sock")] {
                do throws(WebSocketConnectError) {
                    _ = try await WebSocket.connect(
                        to: server.url(), unixSocketPath: unixPath, on: server.clientGroup.next(), localAddress: source)
                    Issue.record("\(source) connected")
                } catch {
                    guard case .invalidLocalAddress(let address, _) = error, address == source else {
                        Issue.record("\(source): unexpected \(error)")
                        continue
                    }
                }
            }
            do throws(WebSocketConnectError) {
                _ = try await WebSocket.connect(to: server.url(), on: server.clientGroup.next(), localAddress: "::1")
                Issue.record("an IPv6 source reached an IPv4 server")
            } catch {
                guard case .transport(.posix(operation: "bind", code: EAFNOSUPPORT)) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
            #expect(seen.withLock { $0.count } == 1)
        }
    }

    /// Whether a socket can bind 127.0.0.2 (all of 127.0.0.0/8 is loopback on Linux; macOS has only 127.0.0.1).
    static var hasSecondLoopbackAddress: Bool {
        guard let address = SocketAddress(numericHost: "127.0.0.2"),
            let fd = try? PosixSocketCalls.makeStreamSocket(family: address.family)
        else { return false }
        defer { PosixSocketCalls.close(fd) }
        return address.withSockAddr { bind(fd, $0, $1) } == 0
    }
}
