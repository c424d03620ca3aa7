/// SHA-1 (FIPS 180-4 §6.1), used by the opening handshake to compute `Sec-WebSocket-Accept` (RFC 6455 §4.2.2).
///
/// SHA-1 is no longer collision resistant; RFC 6455 uses it only to prove that the server understood the
/// WebSocket handshake, not for security. Do not use this type for anything that needs a secure hash.
public enum SHA1 {
    /// The length of a digest in bytes.
    public static let digestByteCount = 20

    /// The length of a compression block in bytes.
    public static let blockByteCount = 64

    /// The 20-byte SHA-1 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The 20-byte SHA-1 digest of the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(buffer)
        return hasher.finalize()
    }
}
