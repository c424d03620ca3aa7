#if TLS
import Transport

/// TLS for `WebSocketClient.connect` / `WebSocket.connect` (pass it as `security:` with a `wss://` URL): verifies
/// the server's chain against the configured trust and its certificate against the URL's host (sent as SNI), and
/// checks pins. A failure surfaces as `WebSocketConnectError.security` with the `TLSHandshakeError`'s text.
///
/// ```swift
/// let tls = try TLSClientSecurity(TLSClientConfiguration(trust: .certificateAuthorities(file: "ca.pem")))
/// let socket = try await WebSocket.connect(to: "wss://example.test:8443/", security: tls)
/// ```
public final class TLSClientSecurity: StreamSecurity {
    /// The trust and pins.
    public let configuration: TLSClientConfiguration
    private let context: TLSContext

    /// Loads the trust (the CA file, when one is named: errors name it).
    public init(_ configuration: TLSClientConfiguration = TLSClientConfiguration()) throws(TLSConfigurationError) {
        self.configuration = configuration
        self.context = try configuration.makeContext()
    }

    /// Wraps a connected TCP connection in a client session for `serverName`.
    public func secureClientConnection(_ tcp: TCPConnection, serverName: String) throws -> any SecuredStream {
        let verification = PeerVerification(
            host: serverName, pins: configuration.pins, verifiesChain: configuration.trust != .pinnedOnly)
        let session = try TLSSession(context: context, server: false)
        try verification.prepare(session.ssl)
        return TLSStream(tcp: tcp, session: session, verification: verification)
    }

    /// Not for clients: throws `TLSConfigurationError.wrongRole`.
    public func secureServerConnection(_ tcp: TCPConnection) throws -> any SecuredStream {
        throw TLSConfigurationError.wrongRole
    }
}
#endif
