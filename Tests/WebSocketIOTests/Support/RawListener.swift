@testable import Transport
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import WebSocketIO

/// A listening socket on 127.0.0.1 that hands out accepted connections as raw sockets (a hand-written server for
/// testing the client).
final class RawListener: @unchecked Sendable {
    private let fd: Int32
    let port: Int

    /// Binds a port on 127.0.0.1; `listening: false` only holds the port, so connecting to it is refused.
    init(listening: Bool = true) throws {
        let address = try #require(try SocketAddress.resolve(host: "127.0.0.1", port: 0, passive: true).first)
        #if canImport(Darwin)
        let fd = socket(address.family, SOCK_STREAM, 0)
        #else
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw RawSocketError.system("socket", errno) }
        let bound = address.withSockAddr { systemBind($0, $1, fd) }
        guard bound == 0, !listening || listen(fd, 16) == 0 else {
            let code = errno
            _ = systemClose(fd)
            throw RawSocketError.system("bind/listen", code)
        }
        self.fd = fd
        port = PosixSocketCalls.localAddress(fd)?.port ?? 0
    }

    deinit { _ = systemClose(fd) }

    /// The URL of this listener.
    var url: String { "ws://127.0.0.1:\(port)/" }

    /// Accepts one connection, bounded by `limit`.
    func accept(within limit: Duration = stepLimit) async throws -> RawSocket {
        let fd = self.fd
        return try await onOwnThread { () throws -> RawSocket in
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let (seconds, attoseconds) = limit.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            guard poll(&descriptor, 1, milliseconds) == 1 else { throw RawSocketError.timedOut("a connection") }
            #if canImport(Darwin)
            let connection = Darwin.accept(fd, nil, nil)
            #else
            let connection = Glibc.accept(fd, nil, nil)
            #endif
            guard connection >= 0 else { throw RawSocketError.system("accept", errno) }
            #if canImport(Darwin)
            PosixSocketCalls.setIntOption(connection, level: SOL_SOCKET, name: SO_NOSIGPIPE, value: 1)
            #endif
            PosixSocketCalls.setNoDelay(connection)
            return RawSocket(fd: connection)
        }
    }
}

private func systemBind(_ address: UnsafePointer<sockaddr>, _ length: socklen_t, _ fd: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.bind(fd, address, length)
    #else
    Glibc.bind(fd, address, length)
    #endif
}
