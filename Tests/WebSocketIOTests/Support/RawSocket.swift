@testable import Transport
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import WebSocketIO

/// A plain blocking TCP socket for speaking HTTP and WebSocket frames by hand (for handshakes the client library
/// would never send, frames that break the protocol, peers that never read or never answer). Every call runs on
/// the socket's own dispatch queue, so the cooperative thread pool is never blocked, and every read is bounded.
final class RawSocket: @unchecked Sendable {
    /// How the peer ended the connection.
    enum Ending: Sendable, Equatable { case eof, reset }

    private let fd: Int32
    /// Serializes the blocking calls, each made on its own thread.
    private let lock = NSLock()
    /// Bytes read but not yet consumed (queue only).
    private var buffer: [UInt8] = []
    private var isClosed = false
    /// Bytes read in total (queue only).
    private var totalRead = 0

    init(fd: Int32) { self.fd = fd }

    deinit {
        if !isClosed { _ = systemClose(fd) }
    }

    /// Connects to `host`:`port`; `receiveBufferSize` sets `SO_RCVBUF` before connecting (a small window makes a
    /// non-reading peer back up the server quickly).
    /// `sending` is written right after connecting, on the same thread (for servers with short handshake timeouts).
    static func connect(
        host: String = "127.0.0.1", port: Int, receiveBufferSize: Int32? = nil, sending first: [UInt8] = []
    ) async throws -> RawSocket {
        try await onOwnThread { () throws -> RawSocket in
            guard let address = try SocketAddress.resolve(host: host, port: port).first else {
                throw RawSocketError.system("resolve", 0)
            }
            #if canImport(Darwin)
            let fd = socket(address.family, SOCK_STREAM, 0)
            #else
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
            #endif
            guard fd >= 0 else { throw RawSocketError.system("socket", errno) }
            if let receiveBufferSize {
                PosixSocketCalls.setIntOption(fd, level: SOL_SOCKET, name: SO_RCVBUF, value: receiveBufferSize)
            }
            #if canImport(Darwin)
            PosixSocketCalls.setIntOption(fd, level: SOL_SOCKET, name: SO_NOSIGPIPE, value: 1)
            #endif
            var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
            PosixSocketCalls.setNoDelay(fd)
            let result = address.withSockAddr { systemConnect(fd, $0, $1) }
            guard result == 0 else {
                let code = errno
                _ = systemClose(fd)
                throw RawSocketError.system("connect", code)
            }
            let socket = RawSocket(fd: fd)
            try socket.sendAll(first)
            return socket
        }
    }

    /// Sends every byte (bounded by a 5 s send timeout).
    func write(_ bytes: [UInt8]) async throws {
        try await run { () throws in try self.sendAll(bytes) }
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { systemSend(fd, $0.baseAddress, $0.count) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw RawSocketError.system("send", errno)
            }
            offset += sent
        }
    }

    /// Sends a string's UTF-8 bytes.
    func write(_ text: String) async throws { try await write(Array(text.utf8)) }

    /// Reads until `parse` finds a value in the buffered bytes; the bytes it reports as used are consumed.
    func read<Value: Sendable>(
        _ what: String, within limit: Duration = stepLimit,
        _ parse: @escaping @Sendable ([UInt8]) -> (value: Value, used: Int)?
    ) async throws -> Value {
        try await run { () throws -> Value in
            let deadline = ContinuousClock.now + limit
            while true {
                if let (value, used) = parse(self.buffer) {
                    self.buffer.removeFirst(used)
                    return value
                }
                if let ending = try self.fill(until: deadline, what) { throw RawSocketError.closed(ending, while: what) }
            }
        }
    }

    /// Reads until the peer ends the connection; returns the bytes that came before the end and how it ended.
    func readToEnd(within limit: Duration = stepLimit) async throws -> (bytes: [UInt8], ending: Ending) {
        try await run { () throws -> ([UInt8], Ending) in
            let deadline = ContinuousClock.now + limit
            while true {
                if let ending = try self.fill(until: deadline, "the end of the connection") {
                    let rest = self.buffer
                    self.buffer = []
                    return (rest, ending)
                }
            }
        }
    }

    /// The bytes read so far and not consumed.
    func buffered() async throws -> [UInt8] { try await run { self.buffer } }

    /// Whether the peer has ended the connection within `limit` (reading and discarding whatever arrives).
    func endsWithin(_ limit: Duration) async throws -> Ending? {
        do {
            return try await readToEnd(within: limit).ending
        } catch RawSocketError.timedOut {
            return nil
        }
    }

    /// Reads one batch of bytes into the buffer; returns how the connection ended, if it did.
    private func fill(until deadline: ContinuousClock.Instant, _ what: String) throws -> Ending? {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw RawSocketError.timedOut(what) }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 {
            if errno == EINTR { return nil }
            throw RawSocketError.system("poll", errno)
        }
        if ready == 0 { return nil }
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            totalRead += count
            return nil
        }
        if count == 0 { return .eof }
        let code = errno
        if code == EINTR || code == EAGAIN { return nil }
        if code == ECONNRESET { return .reset }
        throw RawSocketError.system("recv", code)
    }

    /// Closes the socket with a FIN.
    func close() async {
        try? await run {
            guard !self.isClosed else { return }
            self.isClosed = true
            _ = systemClose(self.fd)
        }
    }

    /// Closes the socket with a reset (`SO_LINGER` 0), as a peer that vanishes does.
    func reset() async {
        try? await run {
            guard !self.isClosed else { return }
            self.isClosed = true
            PosixSocketCalls.setLingerZero(self.fd)
            _ = systemClose(self.fd)
        }
    }

    /// Sends a FIN but keeps reading.
    func shutdownWrite() async {
        try? await run { _ = shutdown(self.fd, Int32(SHUT_WR)) }
    }

    private func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await onOwnThread { [lock] in
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }
    }
}

private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Darwin)
    Darwin.connect(fd, address, length)
    #else
    Glibc.connect(fd, address, length)
    #endif
}

/// `close(2)` (also used by `RawListener`).
func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(fd)
    #else
    Glibc.close(fd)
    #endif
}

private func systemSend(_ fd: Int32, _ base: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.send(fd, base, count, 0)
    #else
    Glibc.send(fd, base, count, Int32(MSG_NOSIGNAL))
    #endif
}
