#if TLS
import COpenSSL

/// An OpenSSL `SSL_CTX`: the settings and credentials every session made from it shares. Sessions hold their own
/// reference, so a context can be replaced (server reload) while older sessions run on.
final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX*` (thread-safe for making sessions once configured).
    let pointer: OpaquePointer

    /// A context for `server` or client sessions, limited to TLS 1.2 and 1.3, renegotiation off, buffers released
    /// while a session is idle.
    init(server: Bool) throws(TLSConfigurationError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else {
            throw .openSSL("SSL_CTX_new: \(OpenSSLErrorQueue.drain())")
        }
        pointer = context
        guard copenssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
            copenssl_ctx_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else {
            throw .openSSL("cannot limit the protocol to TLS 1.2-1.3: \(OpenSSLErrorQueue.drain())")
        }
        _ = copenssl_ctx_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS))
        copenssl_ctx_set_hardening_options(context)
    }

    deinit { SSL_CTX_free(pointer) }
}
#endif
