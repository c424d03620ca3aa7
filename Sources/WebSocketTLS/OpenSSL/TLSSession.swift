#if TLS
import COpenSSL

/// One OpenSSL session (`SSL*`) on two memory BIOs, with no socket: ciphertext from the network goes in with
/// `feed`, ciphertext for the network comes out of `takeOutput`; plaintext goes through `read` and `write`.
/// Nothing here blocks: an operation that needs more input says so.
final class TLSSession {
    /// The outcome of a handshake step.
    enum HandshakeStep {
        /// The handshake is complete.
        case done
        /// More input from the peer is needed (send what `takeOutput` holds first).
        case needsInput
        /// The handshake failed; OpenSSL's reason.
        case failed(TLSHandshakeError)
    }

    /// The outcome of a read.
    enum ReadStep {
        /// This many plaintext bytes were read.
        case bytes(Int)
        /// No whole record is buffered: more input is needed.
        case needsInput
        /// The peer sent close_notify.
        case closedByPeer
        /// The session failed (a bad record, an alert).
        case failed(TLSHandshakeError)
    }

    let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer

    /// A session from `context`, in the server or client role.
    init(context: TLSContext, server: Bool) throws(TLSConfigurationError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.pointer), let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem())
        else {
            throw .openSSL("cannot create a session: \(OpenSSLErrorQueue.drain())")
        }
        _ = copenssl_bio_set_mem_eof_return(input, -1)
        _ = copenssl_bio_set_mem_eof_return(output, -1)
        SSL_set_bio(ssl, input, output)  // the session owns both now
        if server { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
        self.ssl = ssl
        self.input = input
        self.output = output
    }

    deinit { SSL_free(ssl) }

    /// Hands ciphertext from the peer to the session.
    func feed(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = BIO_write(input, bytes.baseAddress! + offset, Int32(min(bytes.count - offset, Int(Int32.max))))
            guard written > 0 else { return }
            offset += Int(written)
        }
    }

    /// Advances the handshake as far as the input allows.
    func handshake() -> HandshakeStep {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .done }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsInput
        default: return .failed(failure())
        }
    }

    /// Reads decrypted bytes into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadStep {
        OpenSSLErrorQueue.clear()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
        if result > 0 { return .bytes(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsInput
        case SSL_ERROR_ZERO_RETURN: return .closedByPeer
        default: return .failed(failure())
        }
    }

    /// Encrypts `bytes` into the output (memory BIOs take everything: no partial writes). False when the session
    /// has failed.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        OpenSSLErrorQueue.clear()
        var written = 0
        guard SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &written) == 1, written == bytes.count else {
            OpenSSLErrorQueue.clear()
            return false
        }
        return true
    }

    /// Queues close_notify.
    func shutdown() {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    /// The ciphertext waiting to be sent, taken out of the session; nil when there is none.
    func takeOutput() -> [UInt8]? {
        let pending = Int(BIO_ctrl_pending(output))
        guard pending > 0 else { return nil }
        return [UInt8](unsafeUninitializedCapacity: pending) { buffer, count in
            count = Int(max(0, BIO_read(output, buffer.baseAddress, Int32(pending))))
        }
    }

    /// The negotiated version ("TLSv1.3").
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The ALPN protocol selected, if any.
    var applicationProtocol: String? {
        var name: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &name, &length)
        guard let name, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: name, count: Int(length)), as: UTF8.self)
    }

    /// The SNI host name (sent by a client, or received by a server).
    var serverName: String? {
        SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
    }

    private func failure() -> TLSHandshakeError {
        if OpenSSLErrorQueue.firstReason() == SSL_R_HTTP_REQUEST {
            OpenSSLErrorQueue.clear()
            return .plaintextHTTP
        }
        return .protocolFailure(OpenSSLErrorQueue.drain(fallback: "connection failed"))
    }
}
#endif
