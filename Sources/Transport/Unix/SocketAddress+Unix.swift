#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

extension SocketAddress {
    /// The longest path a Unix-domain address holds (`sun_path` less its terminating NUL): 107 bytes on Linux,
    /// 103 on Darwin.
    public static let maximumUnixPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// A Unix-domain (`AF_UNIX`) stream address for the file system path `path`.
    ///
    /// - Throws: `TransportError.invalidUnixSocketPath` when the path is empty, contains a NUL byte or is longer
    ///   than `maximumUnixPathLength` bytes (the kernel would silently cut it, naming another file).
    public init(unixPath path: String) throws(TransportError) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { throw .invalidUnixSocketPath(path: path, reason: "empty path") }
        guard !bytes.contains(0) else { throw .invalidUnixSocketPath(path: path, reason: "contains a NUL byte") }
        guard bytes.count <= Self.maximumUnixPathLength else {
            throw .invalidUnixSocketPath(
                path: path, reason: "\(bytes.count) bytes, at most \(Self.maximumUnixPathLength) fit in sockaddr_un")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { pathBytes in
            pathBytes.copyBytes(from: bytes)
            pathBytes[bytes.count] = 0
        }
        #if canImport(Darwin)
        address.sun_len = UInt8(MemoryLayout<sockaddr_un>.size)
        #endif
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: &address) { target.copyMemory(from: $0) }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        self.init(storage: storage, length: socklen_t(pathOffset + bytes.count + 1))
    }

    /// The path of a Unix-domain address; nil for other families, "" for an unnamed socket (a client's end).
    public var unixPath: String? {
        guard isUnix else { return nil }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let count = max(0, Int(length) - pathOffset)
        var copy = storage
        return withUnsafeBytes(of: &copy) { raw in
            let bytes = raw[pathOffset..<min(raw.count, pathOffset + count)].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
