#if TLS
/// A pinned server certificate: the SHA-256 digest of the leaf certificate (DER) or of its public key
/// (SubjectPublicKeyInfo DER, which survives re-issuing a certificate for the same key).
public enum TLSPin: Sendable, Hashable {
    /// SHA-256 of the leaf certificate's DER encoding.
    case certificateSHA256([UInt8])
    /// SHA-256 of the leaf's SubjectPublicKeyInfo DER encoding.
    case publicKeySHA256([UInt8])

    /// Parses 64 hex digits (colons allowed, as `openssl x509 -fingerprint -sha256` prints them).
    public static func hexDigest(_ text: String) -> [UInt8]? {
        let digits = Array(text.filter { $0 != ":" }.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
#endif
