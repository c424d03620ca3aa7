#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Transport
@testable import WebSocketIO

// Helpers for the loopback tests of the WebSocket server and client: bounded waits, a server harness, a recording
// delegate for the callback API, and a raw blocking socket for speaking (broken) protocol by hand.

// MARK: - Bounded waiting

/// A wait that did not finish in time.
struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "timed out after \(limit) waiting for \(what)" }
}

/// Resolves a continuation once, from whichever of the work and the timer finishes first.
private final class Race<Value: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Value, any Error>?, timer: Task<Void, Never>?)>((nil, nil))

    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func setTimer(_ timer: Task<Void, Never>) {
        let finished = state.withLock { state -> Bool in
            if state.continuation == nil { return true }
            state.timer = timer
            return false
        }
        if finished { timer.cancel() }
    }

    @discardableResult
    func finish(_ result: Result<Value, any Error>) -> Bool {
        let (continuation, timer) = state.withLock { state in
            defer { state = (nil, nil) }
            return (state.continuation, state.timer)
        }
        timer?.cancel()
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }
}

/// Runs `body` and returns its result, or throws `TestTimeout` after `limit`. The body runs in its own task, which is
/// cancelled on timeout; a body that ignores cancellation is left behind, so a bug fails the test instead of hanging.
func within<Value: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let race = Race<Value>()
    return try await withCheckedThrowingContinuation { continuation in
        race.install(continuation)
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        race.setTimer(
            Task {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                if race.finish(.failure(TestTimeout(what: what, limit: limit))) { work.cancel() }
            })
    }
}

/// Polls `condition` every few milliseconds until it holds; throws `TestTimeout` after `limit`. Only for states that
/// have no event to wait on (counters updated after the last callback).
func eventually(
    _ what: String, within limit: Duration = stepLimit, _ condition: @escaping @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(what: what, limit: limit) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension Watch {
    /// `wait(until:)` bounded by `limit`.
    @discardableResult
    func wait(
        _ what: String, within limit: Duration = stepLimit, until predicate: @escaping @Sendable (State) -> Bool
    ) async throws -> State {
        try await within(limit, what) {
            let state = await self.wait(until: predicate)
            guard predicate(state) else { throw TestTimeout(what: what, limit: limit) }
            return state
        }
    }
}

/// A configuration changed by `edit`.
func makeConfiguration(_ edit: (inout WebSocketConfiguration) -> Void) -> WebSocketConfiguration {
    var configuration = WebSocketConfiguration()
    edit(&configuration)
    return configuration
}

/// Time elapsed since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start }

// MARK: - Server harness

/// The default bound of one step of a test (a connect, a message, a close).
let stepLimit: Duration = .seconds(10)

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
        handleHTTP: @escaping @Sendable (HTTPRequestHead) -> HTTPResponse = { _ in .upgradeRequired },
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

    /// A server whose connections get delegates from `makeDelegate` (the callback API).
    static func callback(
        host: String = "127.0.0.1", configuration: WebSocketConfiguration = WebSocketConfiguration(),
        maximumConnections: Int? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequestHead) -> HTTPResponse = { _ in .upgradeRequired },
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
        await client.close()
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

extension WebSocket {
    /// The next message, bounded by `limit`; throws when the sequence ended or the time passed.
    func nextMessage(within limit: Duration = stepLimit) async throws -> WebSocketMessage {
        let messages = self.messages
        let next = try await within(limit, "the next message") {
            var iterator = messages.makeAsyncIterator()
            return await iterator.next()
        }
        return try #require(next, "the message sequence ended")
    }

    /// Waits (bounded) for the end of the message sequence; returns the messages that were still buffered.
    func remainingMessages(within limit: Duration = stepLimit) async throws -> [WebSocketMessage] {
        let messages = self.messages
        return try await within(limit, "the end of the message sequence") {
            var all: [WebSocketMessage] = []
            for await message in messages { all.append(message) }
            return all
        }
    }

    /// `closed()`, bounded.
    func closeCode(within limit: Duration = stepLimit) async throws -> CloseCode {
        try await within(limit, "the connection to close") { await self.closed() }
    }

    /// Messages queued in the async bridge and not yet read.
    var queuedMessageCount: Int { bridge.state.withLock { $0.queue.count - $0.head } }
    var queuedMessageBytes: Int { bridge.state.withLock { $0.queuedBytes } }
}

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

/// Records a channel's writability changes.
final class WritabilityObserver: WebSocketChannel.ChannelObserver, Sendable {
    let changes = Watch<[Bool]>([])
    func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool) {
        changes.update { $0.append(isWritable) }
    }
    func channelClosed(_ channel: WebSocketChannel) {}
}

// MARK: - Callback API recording

/// What a `RecordingDelegate` saw.
struct ChannelEvents: Sendable {
    var channel: WebSocketChannel?
    var opened = false
    var openedAt: ContinuousClock.Instant?
    var messages: [Message] = []
    var pings: [[UInt8]] = []
    var pingTimes: [ContinuousClock.Instant] = []
    var pongs: [[UInt8]] = []
    var writability: [Bool] = []
    var closeCode: CloseCode?
    var closeReason: String?
    var offLoopCallbacks = 0
    var isClosed: Bool { closeCode != nil }
}

/// A delegate that records every event (and optionally echoes or reacts to opening).
final class RecordingDelegate: WebSocketChannelDelegate, Sendable {
    let events = Watch(ChannelEvents())
    let echo: Bool
    let onOpen: (@Sendable (WebSocketChannel) -> Void)?

    init(echo: Bool = false, onOpen: (@Sendable (WebSocketChannel) -> Void)? = nil) {
        self.echo = echo
        self.onOpen = onOpen
    }

    private func check(_ channel: WebSocketChannel) {
        if !channel.eventLoop.inEventLoop { events.update { $0.offLoopCallbacks += 1 } }
    }

    func webSocketDidOpen(_ channel: WebSocketChannel) {
        check(channel)
        let now = ContinuousClock.now
        events.update {
            $0.channel = channel
            $0.opened = true
            $0.openedAt = now
        }
        onOpen?(channel)
    }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        check(channel)
        events.update { $0.messages.append(message) }
        if echo { try? channel.send(message) }
    }

    func webSocket(_ channel: WebSocketChannel, didReceivePing payload: [UInt8]) {
        check(channel)
        let now = ContinuousClock.now
        events.update {
            $0.pings.append(payload)
            $0.pingTimes.append(now)
        }
    }

    func webSocket(_ channel: WebSocketChannel, didReceivePong payload: [UInt8]) {
        check(channel)
        events.update { $0.pongs.append(payload) }
    }

    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {
        check(channel)
        events.update { $0.writability.append(isWritable) }
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        check(channel)
        events.update {
            $0.channel = $0.channel ?? channel
            $0.closeCode = code
            $0.closeReason = reason
        }
    }

    /// Waits (bounded) until the channel closed; returns the events.
    @discardableResult
    func waitClosed(within limit: Duration = stepLimit) async throws -> ChannelEvents {
        try await events.wait("the channel to close", within: limit) { $0.isClosed }
    }

    /// The channel, once open.
    func channel(within limit: Duration = stepLimit) async throws -> WebSocketChannel {
        try #require(try await events.wait("the channel to open", within: limit) { $0.channel != nil }.channel)
    }
}

/// The delegates a callback-API server made, in accept order.
final class ServerDelegates: Sendable {
    let delegates = Watch<[RecordingDelegate]>([])
    private let make: @Sendable () -> RecordingDelegate

    init(_ make: @escaping @Sendable () -> RecordingDelegate = { RecordingDelegate(echo: true) }) {
        self.make = make
    }

    /// The factory to pass as `makeDelegate`.
    func makeDelegate(_ channel: WebSocketChannel) -> any WebSocketChannelDelegate {
        let delegate = make()
        delegate.events.update { $0.channel = channel }
        delegates.update { $0.append(delegate) }
        return delegate
    }

    /// The `index`th delegate, once its connection was accepted.
    func delegate(_ index: Int, within limit: Duration = stepLimit) async throws -> RecordingDelegate {
        try await delegates.wait("server connection \(index)", within: limit) { $0.count > index }[index]
    }
}

// MARK: - Raw socket

/// Why a raw socket operation failed.
enum RawSocketError: Error, Equatable, CustomStringConvertible {
    case system(String, Int32)
    case timedOut(String)
    case closed(RawSocket.Ending, while: String)

    var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: errno \(code)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .closed(let ending, let what): "connection ended (\(ending)) while waiting for \(what)"
        }
    }
}

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

    fileprivate init(fd: Int32) { self.fd = fd }

    deinit {
        if !isClosed { _ = systemClose(fd) }
    }

    /// Connects to `host`:`port`; `receiveBufferSize` sets `SO_RCVBUF` before connecting (a small window makes a
    /// non-reading peer back up the server quickly).
    /// `sending` is written right after connecting, on the same thread (for servers with short handshake timeouts).
    static func connect(
        host: String = "127.0.0.1", port: Int, receiveBufferSize: Int32? = nil, sending first: [UInt8] = []
    ) async throws -> RawSocket {
        try await offload { () throws -> RawSocket in
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
        try await Self.offload { [lock] in
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }
    }

    /// Runs a blocking call on a thread of its own: never on the cooperative pool or a Dispatch worker, which the
    /// library itself needs (name resolution, group shutdown).
    fileprivate static func offload<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

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
        return try await RawSocket.offload { () throws -> RawSocket in
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

private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Darwin)
    Darwin.connect(fd, address, length)
    #else
    Glibc.connect(fd, address, length)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
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

// MARK: - HTTP and frames by hand

/// An HTTP response as read from a raw socket.
struct RawHTTPResponse: Sendable {
    var status: Int
    var reason: String
    var headers: HTTPHeaders
    var body: [UInt8]
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Parses a complete response head and its `Content-Length` body from the front of `bytes`.
    static func parse(_ bytes: [UInt8]) -> (value: RawHTTPResponse, used: Int)? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(terminator) })
        else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first("Content-Length") ?? "0") ?? 0
        let bodyStart = end + 4
        guard bytes.count >= bodyStart + length else { return nil }
        let response = RawHTTPResponse(
            status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "", headers: headers,
            body: Array(bytes[bodyStart..<(bodyStart + length)]))
        return (response, bodyStart + length)
    }
}

/// One WebSocket frame as it appears on the wire, encoded and decoded by hand (independently of the core).
struct RawFrame: Sendable, Equatable {
    var fin = true
    var rsv: UInt8 = 0
    var opcode: UInt8
    var payload: [UInt8]
    var masked = false

    static let continuation: UInt8 = 0x0, text: UInt8 = 0x1, binary: UInt8 = 0x2
    static let close: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA

    /// The status code of a close frame.
    var closeCode: UInt16? {
        guard opcode == Self.close, payload.count >= 2 else { return nil }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    /// The reason of a close frame.
    var closeReason: String { String(decoding: payload.dropFirst(2), as: UTF8.self) }

    /// A close frame's payload.
    static func closePayload(_ code: UInt16, _ reason: String = "") -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8)
    }

    /// The frame's bytes; client frames are masked with `key` (nil: unmasked, as a server sends).
    /// `declaredLength` overrides the length in the header (for lying frames).
    func encoded(key: [UInt8]? = [0x37, 0xfa, 0x21, 0x3d], declaredLength: UInt64? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        let length = declaredLength ?? UInt64(payload.count)
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        if length < 126 {
            bytes.append(maskBit | UInt8(length))
        } else if length <= 0xffff {
            bytes.append(maskBit | 126)
            bytes += [UInt8(length >> 8), UInt8(length & 0xff)]
        } else {
            bytes.append(maskBit | 127)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        }
        if let key {
            bytes += key
            bytes += payload.enumerated().map { $0.element ^ key[$0.offset & 3] }
        } else {
            bytes += payload
        }
        return bytes
    }

    /// The size of a client (masked) frame with a payload of `count` bytes.
    static func maskedSize(payload count: Int) -> Int {
        count + (count < 126 ? 6 : count <= 0xffff ? 8 : 14)
    }

    /// Parses one frame from the front of `bytes`.
    static func parse(_ bytes: [UInt8]) -> (value: RawFrame, used: Int)? {
        guard bytes.count >= 2 else { return nil }
        let masked = bytes[1] & 0x80 != 0
        var length = UInt64(bytes[1] & 0x7f)
        var offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | UInt64($1) }
            offset = 10
        }
        var key: [UInt8] = []
        if masked {
            guard bytes.count >= offset + 4 else { return nil }
            key = Array(bytes[offset..<(offset + 4)])
            offset += 4
        }
        guard UInt64(bytes.count - offset) >= length else { return nil }
        let end = offset + Int(length)
        var payload = Array(bytes[offset..<end])
        if masked { for index in payload.indices { payload[index] ^= key[index & 3] } }
        let frame = RawFrame(
            fin: bytes[0] & 0x80 != 0, rsv: (bytes[0] >> 4) & 0x7, opcode: bytes[0] & 0x0f, payload: payload,
            masked: masked)
        return (frame, end)
    }
}

extension RawSocket {
    /// The key of RFC 6455 §1.3 and its accept value.
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="
    static let sampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    /// An upgrade request; `version` and `key` nil leave those fields out.
    static func upgradeRequest(
        path: String = "/", key: String? = sampleKey, version: String? = "13", extraLines: [String] = []
    ) -> [UInt8] {
        var lines = [
            "GET \(path) HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
        ]
        if let key { lines.append("Sec-WebSocket-Key: \(key)") }
        if let version { lines.append("Sec-WebSocket-Version: \(version)") }
        lines += extraLines
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Reads an HTTP response.
    func readResponse(within limit: Duration = stepLimit) async throws -> RawHTTPResponse {
        try await read("an HTTP response", within: limit, RawHTTPResponse.parse)
    }

    /// Sends a valid upgrade request and reads the response, which must be a 101.
    @discardableResult
    func upgrade(path: String = "/", extraLines: [String] = []) async throws -> RawHTTPResponse {
        try await write(Self.upgradeRequest(path: path, extraLines: extraLines))
        let response = try await readResponse()
        try #require(response.status == 101, "upgrade refused: \(response.status) \(response.bodyText)")
        return response
    }

    /// Reads one frame.
    func readFrame(within limit: Duration = stepLimit) async throws -> RawFrame {
        try await read("a frame", within: limit, RawFrame.parse)
    }

    /// Reads frames until a close frame; returns it (and throws if the connection ends first).
    func readUntilClose(within limit: Duration = stepLimit) async throws -> (close: RawFrame, before: [RawFrame]) {
        var before: [RawFrame] = []
        let deadline = ContinuousClock.now + limit
        while true {
            let frame = try await readFrame(within: max(deadline - ContinuousClock.now, .milliseconds(1)))
            if frame.opcode == RawFrame.close { return (frame, before) }
            before.append(frame)
        }
    }

    /// Reads a client's upgrade request and accepts it with a 101 (a hand-written server).
    @discardableResult
    func acceptUpgrade(extraLines: [String] = []) async throws -> String {
        let head = try await read("an upgrade request") { bytes -> (value: String, used: Int)? in
            let terminator: [UInt8] = Array("\r\n\r\n".utf8)
            guard bytes.count >= 4,
                let end = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(terminator) })
            else { return nil }
            return (String(decoding: bytes[..<end], as: UTF8.self), end + 4)
        }
        let keyLine = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }
        let key = try #require(keyLine?.split(separator: ":", maxSplits: 1).last).trimmingCharacters(in: .whitespaces)
        let lines = [
            "HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Accept: \(ServerHandshake.acceptValue(forKey: key))",
        ] + extraLines
        try await write(lines.joined(separator: "\r\n") + "\r\n\r\n")
        return head
    }

    /// Sends a (masked) frame.
    func send(_ frame: RawFrame, key: [UInt8]? = [0x37, 0xfa, 0x21, 0x3d]) async throws {
        try await write(frame.encoded(key: key))
    }
}

/// `count` bytes made of 64 KiB blocks of a pattern, each block starting with its number (cheap to build even in
/// a debug build, and any lost, repeated or reordered block shows).
func blockPattern(_ count: Int) -> [UInt8] {
    let block = TransportTestSupport.pattern(64 << 10, seed: 11)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    var number: UInt32 = 0
    while bytes.count < count {
        let start = bytes.count
        bytes.append(contentsOf: block.prefix(count - start))
        withUnsafeBytes(of: number.bigEndian) { header in
            for (offset, byte) in header.enumerated() where start + offset < bytes.count { bytes[start + offset] = byte }
        }
        number += 1
    }
    return bytes
}

/// A small seeded generator for reproducible "random" bytes.
struct SeededBytes {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9e37_79b9_7f4a_7c15 : seed }

    mutating func next(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return UInt8(truncatingIfNeeded: (state &* 0x2545_f491_4f6c_dd1d) >> 56)
        }
    }
}
