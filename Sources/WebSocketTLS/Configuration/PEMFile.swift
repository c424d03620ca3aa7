#if TLS
import COpenSSL
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Reads PEM files and parses the certificates and keys in them, with errors that name the file.
enum PEMFile {
    /// The bytes of the file at `path`.
    static func contents(of path: String, kind: TLSFileKind) throws(TLSConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileMissing(kind, path: path) }
            throw .fileUnreadable(kind, path: path, reason: String(cString: strerror(code)))
        }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw .fileUnreadable(kind, path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Every certificate in the PEM `bytes` (`X509*`, owned by the caller), in file order.
    static func certificates(_ bytes: [UInt8], kind: TLSFileKind, path: String) throws(TLSConfigurationError) -> [OpaquePointer] {
        var certificates: [OpaquePointer] = []
        withMemoryBIO(bytes) { bio in
            OpenSSLErrorQueue.clear()
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) { certificates.append(certificate) }
            OpenSSLErrorQueue.clear()  // the read that ends the loop leaves "no start line"
        }
        guard !certificates.isEmpty else { throw .fileInvalid(kind, path: path, reason: "no PEM certificate in it") }
        return certificates
    }

    /// The private key in the PEM `bytes` (`EVP_PKEY*`, owned by the caller). Encrypted keys are refused (no
    /// password prompt).
    static func privateKey(_ bytes: [UInt8], path: String) throws(TLSConfigurationError) -> OpaquePointer {
        let key = withMemoryBIO(bytes) { bio -> OpaquePointer? in
            OpenSSLErrorQueue.clear()
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
        }
        guard let key else {
            let reason = OpenSSLErrorQueue.drain(fallback: "no PEM private key in it")
            throw .fileInvalid(.privateKey, path: path, reason: "no usable PEM private key in it (\(reason))")
        }
        return key
    }

    private static func withMemoryBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T {
        bytes.withUnsafeBytes { buffer in
            let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count))!
            defer { BIO_free(bio) }
            return body(bio)
        }
    }
}
#endif
