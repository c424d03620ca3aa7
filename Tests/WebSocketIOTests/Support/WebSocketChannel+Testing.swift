@testable import Transport
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Testing
@testable import WebSocketIO

extension WebSocketChannel {
    /// The TCP connection underneath (the tests run without TLS).
    var tcpConnection: TCPConnection? { stream as? TCPConnection }

    /// Whether the socket is being read (on the loop).
    func isReadingNow() async throws -> Bool {
        try await onLoop { $0.tcpConnection?.isReading ?? false }
    }

    /// Sets the kernel's send buffer size, so a peer that does not read backs this side up after a few KiB
    /// instead of megabytes.
    func setKernelSendBuffer(_ bytes: Int32) async throws {
        let done = try await onLoop { channel -> Bool in
            guard let fd = channel.tcpConnection?.fd else { return false }
            return PosixSocketCalls.setIntOption(fd, level: SOL_SOCKET, name: SO_SNDBUF, value: bytes)
        }
        try #require(done, "SO_SNDBUF")
    }

    /// Follows writability changes without replacing the delegate (what a broadcast hub does).
    func watchWritability() async throws -> Watch<[Bool]> {
        let observer = WritabilityObserver()
        try await onLoop { $0.observers[ObjectIdentifier(observer)] = observer }
        return observer.changes
    }

    /// Runs `body` on the channel's loop and returns its result.
    func onLoop<T: Sendable>(_ body: @escaping @Sendable (WebSocketChannel) -> T) async throws -> T {
        try await eventLoop.perform { body(self) }
    }
}
