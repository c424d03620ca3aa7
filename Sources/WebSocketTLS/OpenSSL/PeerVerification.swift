#if TLS
import COpenSSL
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A client's checks of the server it connects to: the host name (or IP address) the certificate must name, the
/// SNI it sends, the pins the leaf must match, and the mapping of OpenSSL's verification results to typed errors.
struct PeerVerification: Sendable {
    /// The host from the URL.
    let host: String
    /// Digests the leaf must match (any one); empty for no pinning.
    let pins: [TLSPin]
    /// Whether the chain and host name are verified (not for `.pinnedOnly`).
    let verifiesChain: Bool

    /// Whether `host` is an IPv4 or IPv6 literal (checked against IP SANs, never sent as SNI: RFC 6066 §3).
    var hostIsIPAddress: Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
    }

    /// Sets SNI and the expected name on a new client session.
    func prepare(_ ssl: OpaquePointer) throws(TLSConfigurationError) {
        OpenSSLErrorQueue.clear()
        let isIP = hostIsIPAddress
        if !isIP && copenssl_set_tlsext_host_name(ssl, host) != 1 {
            throw .openSSL("invalid server name \(host): \(OpenSSLErrorQueue.drain())")
        }
        guard verifiesChain else { return }
        let accepted = isIP ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) : SSL_set1_host(ssl, host)
        guard accepted == 1 else { throw .openSSL("cannot check host \(host): \(OpenSSLErrorQueue.drain())") }
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
    }

    /// The error for a failed handshake: the certificate's, when verification is what failed.
    func failure(of ssl: OpaquePointer, otherwise error: TLSHandshakeError) -> TLSHandshakeError {
        let result = Int32(SSL_get_verify_result(ssl))
        guard verifiesChain, result != X509_V_OK else { return error }
        return Self.error(forVerifyResult: result, host: host)
    }

    /// After a completed handshake: the pin check (the chain and name were checked during the handshake).
    func check(_ ssl: OpaquePointer) -> TLSHandshakeError? {
        guard !pins.isEmpty else { return nil }
        guard let leaf = SSL_get1_peer_certificate(ssl) else { return .pinMismatch }
        defer { X509_free(leaf) }
        let certificateDigest = Self.sha256(der: { i2d_X509(leaf, $0) })
        let keyDigest = Self.sha256(der: { i2d_X509_PUBKEY(X509_get_X509_PUBKEY(leaf), $0) })
        for pin in pins {
            switch pin {
            case .certificateSHA256(let digest) where digest == certificateDigest: return nil
            case .publicKeySHA256(let digest) where digest == keyDigest: return nil
            default: continue
            }
        }
        return .pinMismatch
    }

    /// Maps an `X509_V_ERR_*` code to the error a user can act on.
    static func error(forVerifyResult code: Int32, host: String) -> TLSHandshakeError {
        let text = String(cString: X509_verify_cert_error_string(Int(code)))
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED: return .certificateExpired
        case X509_V_ERR_CERT_NOT_YET_VALID: return .certificateNotYetValid
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH: return .hostNameMismatch(host)
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_CERT_UNTRUSTED, X509_V_ERR_CERT_REJECTED:
            return .untrustedCertificate(text)
        default:
            return .verificationFailed(code: code, text)
        }
    }

    /// SHA-256 of the DER that `encode` writes (an OpenSSL `i2d_*` call: nil output asks for the length).
    static func sha256(der encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8] {
        let length = Int(encode(nil))
        guard length > 0 else { return [] }
        var der = [UInt8](repeating: 0, count: length)
        der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = encode(&cursor)
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var digestLength: UInt32 = 0
        guard EVP_Digest(der, der.count, &digest, &digestLength, EVP_sha256(), nil) == 1 else { return [] }
        return Array(digest.prefix(Int(digestLength)))
    }
}
#endif
