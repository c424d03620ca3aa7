#if TLS
import Synchronization
import Transport

/// TLS for a `WebSocketServer` (pass it as `security:`): every accepted connection gets a session from the
/// current context, made from the configuration's PEM files. `reload()` re-reads them (certificate renewal
/// without a restart): new connections use the new certificate, open ones keep theirs.
///
/// ```swift
/// let tls = try TLSServerSecurity(TLSServerConfiguration(certificateChainFile: "cert.pem", privateKeyFile: "key.pem"))
/// let server = try WebSocketServer.start(host: "0.0.0.0", port: 443, security: tls) { _ in EchoDelegate() }
/// ```
public final class TLSServerSecurity: StreamSecurity {
    /// The files the context is read from.
    public let configuration: TLSServerConfiguration
    private let context: Mutex<TLSContext>
    private let failures = Atomic<Int>(0)
    private let logger: (@Sendable (String) -> Void)?

    /// Reads the certificate chain and key; throws an error naming the file that is missing, unreadable or
    /// invalid, or the pair when the key does not match the certificate. `logger` hears about failed handshakes.
    public init(_ configuration: TLSServerConfiguration, logger: (@Sendable (String) -> Void)? = nil) throws(TLSConfigurationError) {
        self.configuration = configuration
        self.context = Mutex(try configuration.makeContext())
        self.logger = logger
    }

    /// Re-reads the PEM files; on success new connections use them. On failure (with the same errors as `init`) the
    /// previous certificate stays in use.
    public func reload() throws(TLSConfigurationError) {
        let fresh = try configuration.makeContext()
        context.withLock { $0 = fresh }
    }

    /// TLS handshakes (or sessions) that failed so far: plain HTTP on the port, unsupported versions, bad records.
    public var failedHandshakes: Int { failures.load(ordering: .relaxed) }

    /// Wraps an accepted connection in a server session.
    public func secureServerConnection(_ tcp: TCPConnection) throws -> any SecuredStream {
        let current = context.withLock { $0 }
        let session = try TLSSession(context: current, server: true)
        let peer = tcp.remoteAddress.map { "\($0)" } ?? "?"
        return TLSStream(tcp: tcp, session: session, verification: nil) { [self] error in
            failures.add(1, ordering: .relaxed)
            logger?("TLS with \(peer) failed: \(error)")
        }
    }

    /// Not for servers: throws `TLSConfigurationError.wrongRole`.
    public func secureClientConnection(_ tcp: TCPConnection, serverName: String) throws -> any SecuredStream {
        throw TLSConfigurationError.wrongRole
    }
}
#endif
