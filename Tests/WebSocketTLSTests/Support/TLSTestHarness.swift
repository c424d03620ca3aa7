#if TLS
import Synchronization
import Testing
import WebSocketCore
import WebSocketIO
import WebSocketTLS

/// Servers and clients for the wss tests: an echo server on 127.0.0.1 with a certificate from the test PKI, and
/// clients that trust the test CA.
enum TLSTest {
    static var pki: TestPKI { TestPKI.shared }

    /// 16 MiB messages, short handshake and close timeouts.
    static func configuration(handshakeTimeout: Duration = .seconds(5)) -> WebSocketConfiguration {
        var configuration = WebSocketConfiguration()
        configuration.connection.limits.maximumMessageSize = 16 << 20
        configuration.connection.limits.maximumFrameSize = 16 << 20
        configuration.handshakeTimeout = handshakeTimeout
        configuration.closeTimeout = .seconds(2)
        return configuration
    }

    /// A server security from the PKI's server certificate (or `certificate`/`key`).
    static func serverSecurity(certificate: String? = nil, key: String? = nil) throws -> TLSServerSecurity {
        try TLSServerSecurity(
            TLSServerConfiguration(
                certificateChainFile: certificate ?? pki.serverCert, privateKeyFile: key ?? pki.serverKey))
    }

    /// A client security trusting the test CA (or `trust`), with `pins`.
    static func clientSecurity(trust: TLSTrust? = nil, pins: [TLSPin] = []) throws -> TLSClientSecurity {
        try TLSClientSecurity(TLSClientConfiguration(trust: trust ?? .certificateAuthorities(file: pki.ca), pins: pins))
    }

    /// Starts a wss echo server; `makeDelegate` replaces the echo delegate.
    static func startServer(
        security: TLSServerSecurity, handshakeTimeout: Duration = .seconds(5),
        makeDelegate: (@Sendable (WebSocketChannel) -> any WebSocketChannelDelegate)? = nil
    ) throws -> WebSocketServer {
        try WebSocketServer.start(
            host: "127.0.0.1", port: 0, configuration: configuration(handshakeTimeout: handshakeTimeout),
            group: EventLoopGroup(numberOfThreads: 1), security: security,
            makeDelegate: makeDelegate ?? { _ in TLSEchoDelegate() })
    }

    /// Connects to `url` with `security`.
    static func connect(_ url: String, security: TLSClientSecurity) async throws(WebSocketConnectError) -> WebSocket {
        try await WebSocket.connect(to: url, configuration: configuration(), security: security)
    }

    /// The connection error of a client that is expected to fail.
    static func connectError(_ url: String, security: TLSClientSecurity) async -> WebSocketConnectError? {
        do {
            let socket = try await connect(url, security: security)
            _ = try? await socket.close()
            return nil
        } catch {
            return error
        }
    }

    /// The TLS reason of a `.security` error (nil for other errors).
    static func securityReason(_ error: WebSocketConnectError?) -> String? {
        if case .security(let reason) = error { return reason }
        return nil
    }

    /// Sends `message` and returns the next message received.
    static func roundTrip(_ socket: WebSocket, _ message: WebSocketMessage) async throws -> WebSocketMessage? {
        try await socket.send(message)
        var iterator = socket.messages.makeAsyncIterator()
        return await iterator.next()
    }

    /// Reads the TLS stream under a socket on its loop.
    static func stream<T: Sendable>(_ socket: WebSocket, _ read: @escaping @Sendable (TLSStream) -> T) async throws -> T? {
        let channel = socket.channel
        return try await channel.eventLoop.perform { (channel.stream as? TLSStream).map(read) }
    }

    /// `count` bytes of a repeating pattern.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }
}

/// Echoes every message.
final class TLSEchoDelegate: WebSocketChannelDelegate {
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) { try? channel.send(message) }
}

/// A value shared between the loop and the test.
final class Shared<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
    var value: Value { state.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { state.withLock { body(&$0) } }
}

/// Polls `condition` until it holds or `limit` passes; returns whether it held.
func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
#endif
