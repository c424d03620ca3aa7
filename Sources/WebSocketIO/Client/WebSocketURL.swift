/// The parts of a `ws://` or `wss://` URL (RFC 6455 §3).
public struct WebSocketURL: Sendable, Hashable, CustomStringConvertible {
    /// True for `wss://`.
    public var isSecure: Bool
    /// The host, without brackets for IPv6 literals.
    public var host: String
    /// The port (the scheme's default when the URL names none).
    public var port: Int
    /// True when the URL named a port explicitly.
    public var hasExplicitPort: Bool
    /// The request target: path and query (never empty; `/` by default). A fragment is not allowed.
    public var target: String

    /// Parses `ws://host[:port][/path][?query]` or `wss://...`; nil when malformed.
    public init?(_ string: String) {
        let lower = string.lowercased()
        let rest: Substring
        if lower.hasPrefix("ws://") {
            isSecure = false
            rest = string.dropFirst(5)
        } else if lower.hasPrefix("wss://") {
            isSecure = true
            rest = string.dropFirst(6)
        } else {
            return nil
        }
        if rest.contains("#") { return nil }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.hasPrefix("?") { path = "/" + path }
        target = path.isEmpty ? "/" : path
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else { return nil }
            port = value
            hasExplicitPort = true
        } else {
            port = isSecure ? 443 : 80
            hasExplicitPort = false
        }
    }

    /// The authority as written in a URL: the host (an IPv6 address in brackets) and the port if one was named.
    public var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return hasExplicitPort ? "\(name):\(port)" : name
    }

    /// The URL: `ws[s]://authority/target`.
    public var description: String { "\(isSecure ? "wss" : "ws")://\(authority)\(target)" }

    /// The same resource whatever the spelling: scheme, lower-cased host, effective port, target (for loop checks).
    var identity: String { "\(isSecure ? "wss" : "ws")://\(host.lowercased()):\(port)\(target)" }
}
