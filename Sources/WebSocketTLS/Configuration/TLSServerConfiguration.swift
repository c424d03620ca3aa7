#if TLS
import COpenSSL

/// What a TLS server presents: its certificate chain and private key, read from PEM files.
public struct TLSServerConfiguration: Sendable, Hashable {
    /// PEM file with the server's certificate first, then any intermediates.
    public var certificateChainFile: String
    /// PEM file with the (unencrypted) private key of the first certificate.
    public var privateKeyFile: String

    /// A configuration from the two PEM files (read when a `TLSServerSecurity` is made or reloaded).
    public init(certificateChainFile: String, privateKeyFile: String) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
    }

    /// Reads both files and builds a server context: TLS 1.2-1.3, ALPN `http/1.1`, no session tickets or cache.
    func makeContext() throws(TLSConfigurationError) -> TLSContext {
        let chainPEM = try PEMFile.contents(of: certificateChainFile, kind: .certificateChain)
        let keyPEM = try PEMFile.contents(of: privateKeyFile, kind: .privateKey)
        var chain = try PEMFile.certificates(chainPEM, kind: .certificateChain, path: certificateChainFile)
        let key: OpaquePointer
        do {
            key = try PEMFile.privateKey(keyPEM, path: privateKeyFile)
        } catch {
            for certificate in chain { X509_free(certificate) }
            throw error
        }
        defer {
            for certificate in chain { X509_free(certificate) }
            EVP_PKEY_free(key)
        }
        let context = try TLSContext(server: true)
        let ctx = context.pointer
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_certificate(ctx, chain[0]) == 1 else {
            throw .fileInvalid(.certificateChain, path: certificateChainFile, reason: OpenSSLErrorQueue.drain())
        }
        while chain.count > 1 {
            guard copenssl_ctx_add0_chain_cert(ctx, chain[1]) == 1 else {
                throw .fileInvalid(.certificateChain, path: certificateChainFile, reason: OpenSSLErrorQueue.drain())
            }
            chain.remove(at: 1)  // now owned by the context
        }
        guard SSL_CTX_use_PrivateKey(ctx, key) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
            OpenSSLErrorQueue.clear()
            throw .keyMismatch(certificateChain: certificateChainFile, privateKey: privateKeyFile)
        }
        _ = copenssl_ctx_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
        _ = SSL_CTX_set_num_tickets(ctx, 0)
        ApplicationProtocol.installServerSelection(on: ctx)
        return context
    }
}
#endif
