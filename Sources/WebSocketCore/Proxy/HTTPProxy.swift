/// An HTTP proxy that tunnels connections with `CONNECT` (RFC 9110 §9.3.6): where it listens and, optionally, the
/// credentials it wants (`Proxy-Authorization: Basic`, RFC 9110 §11.7.2, RFC 7617).
public struct HTTPProxy: Sendable, Hashable, CustomStringConvertible {
    /// The port curl assumes when a proxy URL names none.
    public static let defaultPort = 1080

    /// The proxy's host name or IP address (an IPv6 address without brackets).
    public var host: String
    /// The proxy's port.
    public var port: Int
    /// The credentials sent with every `CONNECT`, if any.
    public var credentials: ProxyCredentials?

    /// A proxy at `host:port`.
    public init(host: String, port: Int = HTTPProxy.defaultPort, credentials: ProxyCredentials? = nil) {
        self.host = host
        self.port = port
        self.credentials = credentials
    }

    /// Parses `http://[user[:password]@]host[:port][/]` (a URL without a scheme is taken as `http://`, as curl
    /// does). The user name and password are percent-decoded. Other schemes (`https://`, `socks5://`, …) are
    /// `ProxyURLError.unsupportedScheme`.
    public init(url: String) throws(ProxyURLError) {
        var rest = Substring(url.trimmingASCIIWhitespace())
        if let range = rest.firstRange(of: "://") {
            let scheme = rest[..<range.lowerBound].lowercased()
            guard scheme == "http" else { throw .unsupportedScheme(scheme) }
            rest = rest[range.upperBound...]
        }
        // Only "/" may follow the authority.
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard rest[authorityEnd...].allSatisfy({ $0 == "/" }) else { throw .malformed(url) }
        var authority = rest[..<authorityEnd]
        var credentials: ProxyCredentials?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let user: Substring
            let password: Substring
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                password = userInfo[userInfo.index(after: colon)...]
            } else {
                (user, password) = (userInfo, "")
            }
            guard let decodedUser = PercentDecoding.string(user), let decodedPassword = PercentDecoding.string(password) else {
                throw .malformed(url)
            }
            credentials = ProxyCredentials(username: decodedUser, password: decodedPassword)
        }
        guard let (host, port) = Self.hostAndPort(authority) else { throw .malformed(url) }
        self.init(host: host, port: port ?? Self.defaultPort, credentials: credentials)
    }

    /// `http://host:port` (without the credentials, so it can be logged).
    public var description: String { "http://\(HTTPProxy.authority(host: host, port: port))" }

    /// `host:port`, with an IPv6 address in brackets.
    static func authority(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func hostAndPort(_ authority: Substring) -> (String, Int?)? {
        var host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "/" && $0 != "@" }) else {
            return nil
        }
        guard let port else { return (String(host), nil) }
        guard let value = Int(port), (1...65535).contains(value) else { return nil }
        return (String(host), value)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CRs and LFs.
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        let start = firstIndex(where: { !isSpace($0) }) ?? endIndex
        let end = self[start...].lastIndex(where: { !isSpace($0) }).map(index(after:)) ?? start
        return self[start..<end]
    }
}
