#if TLS
import COpenSSL

/// How a TLS client checks the server: which chains it trusts, and optional certificate pins. The host name of
/// the URL is always sent as SNI (unless it is an IP address) and checked against the certificate (unless the
/// trust is `.pinnedOnly`).
public struct TLSClientConfiguration: Sendable, Hashable {
    /// Which chains are trusted.
    public var trust: TLSTrust
    /// When not empty, the server's leaf certificate must also match one of these.
    public var pins: [TLSPin]

    /// A configuration; by default the system's certificate authorities and no pins.
    public init(trust: TLSTrust = .systemDefault, pins: [TLSPin] = []) {
        self.trust = trust
        self.pins = pins
    }

    /// Builds a client context: TLS 1.2-1.3, peer verification against the trust, ALPN `http/1.1` offered.
    func makeContext() throws(TLSConfigurationError) -> TLSContext {
        if trust == .pinnedOnly && pins.isEmpty { throw .noPins }
        let context = try TLSContext(server: false)
        let ctx = context.pointer
        switch trust {
        case .systemDefault:
            OpenSSLErrorQueue.clear()
            guard SSL_CTX_set_default_verify_paths(ctx) == 1 else {
                throw .openSSL("cannot load the system's certificate authorities: \(OpenSSLErrorQueue.drain())")
            }
        case .certificateAuthorities(let file):
            let pem = try PEMFile.contents(of: file, kind: .certificateAuthorities)
            let store = SSL_CTX_get_cert_store(ctx)
            for certificate in try PEMFile.certificates(pem, kind: .certificateAuthorities, path: file) {
                defer { X509_free(certificate) }
                OpenSSLErrorQueue.clear()
                guard X509_STORE_add_cert(store, certificate) == 1 else {
                    throw .fileInvalid(.certificateAuthorities, path: file, reason: OpenSSLErrorQueue.drain())
                }
            }
        case .pinnedOnly:
            break
        }
        SSL_CTX_set_verify(ctx, trust == .pinnedOnly ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)
        ApplicationProtocol.offer(on: ctx)
        return context
    }
}
#endif
