#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// An IPv4, IPv6 or Unix-domain socket address (a `sockaddr_storage` and its length).
public struct SocketAddress: Sendable, CustomStringConvertible {
    /// The raw address; only the first `length` bytes are meaningful.
    var storage: sockaddr_storage
    /// The length of the address in `storage`.
    var length: socklen_t

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// A numeric IPv4 or IPv6 address (brackets around an IPv6 literal are removed) with `port`, without name
    /// resolution; nil when `host` is not such a literal or `port` is outside 0 ... 65535.
    public init?(numericHost host: String, port: Int = 0) {
        guard (0...65535).contains(port) else { return nil }
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            #if canImport(Darwin)
            v4.sin_len = UInt8(length)
            #endif
            withUnsafeMutableBytes(of: &storage) { target in withUnsafeBytes(of: v4) { target.copyMemory(from: $0) } }
        } else if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            #if canImport(Darwin)
            v6.sin6_len = UInt8(length)
            #endif
            withUnsafeMutableBytes(of: &storage) { target in withUnsafeBytes(of: v6) { target.copyMemory(from: $0) } }
        } else {
            return nil
        }
        self.init(storage: storage, length: length)
    }

    /// The address family (`AF_INET`, `AF_INET6` or `AF_UNIX`).
    public var family: Int32 { Int32(storage.ss_family) }

    /// Whether this is a Unix-domain socket address (see `unixPath`).
    public var isUnix: Bool { family == AF_UNIX }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { family == AF_INET6 }

    /// The port in host byte order (0 for a Unix-domain address).
    public var port: Int {
        guard !isUnix else { return 0 }
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// The numeric host, for example `127.0.0.1` or `::1`; for a Unix-domain address its path.
    public var host: String {
        if isUnix { return unixPath ?? "" }
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool = withUnsafePointer(to: &copy) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    withUnsafePointer(to: address.pointee.sin6_addr) {
                        inet_ntop(AF_INET6, $0, &text, socklen_t(text.count)) != nil
                    }
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                withUnsafePointer(to: address.pointee.sin_addr) {
                    inet_ntop(AF_INET, $0, &text, socklen_t(text.count)) != nil
                }
            }
        }
        guard ok else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `host:port`, with brackets around IPv6 hosts.
    /// `host:port`, with brackets around IPv6 hosts; `unix:PATH` for a Unix-domain address (`unix:` alone for an
    /// unnamed one, such as a client's end).
    public var description: String {
        if isUnix { return "unix:\(unixPath ?? "")" }
        return isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Resolves `host` and `port` to TCP addresses with `getaddrinfo`, in the order the resolver returns them.
    ///
    /// - Parameters:
    ///   - host: a name or numeric address; brackets around an IPv6 literal are removed. An empty string or `"*"`
    ///     with `passive` means every local address.
    ///   - port: the port, 0 ... 65535.
    ///   - passive: `true` for an address to bind (`AI_PASSIVE`), `false` for one to connect to.
    /// - Note: this may block while a resolver answers; numeric hosts and `/etc/hosts` names return at once.
    public static func resolve(host: String, port: Int, passive: Bool = false) throws(TransportError) -> [SocketAddress] {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        let wildcard = passive && (name.isEmpty || name == "*")
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = PosixSocketCalls.streamType
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let code: Int32 =
            wildcard ? getaddrinfo(nil, String(port), &hints, &list) : getaddrinfo(name, String(port), &hints, &list)
        guard code == 0 else { throw .addressResolution(host: host, code: code) }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            let info = entry.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
                }
                result.append(SocketAddress(storage: storage, length: info.ai_addrlen))
            }
            cursor = info.ai_next
        }
        guard !result.isEmpty else { throw .noAddresses(host: host) }
        return result
    }
}
