/// The parts of a `redis://` or `rediss://` URL: `redis://[user[:password]@]host[:port][/db]`.
///
/// User and password are percent-decoded; an IPv6 host is written in brackets (`redis://[::1]:6379`).
public struct RedisURL: Sendable, Hashable {
    /// True for `rediss://` (Redis over TLS: the client needs a `StreamSecurity`).
    public var isSecure: Bool
    /// The host, without brackets for IPv6 literals.
    public var host: String
    /// The port (6379 when the URL names none).
    public var port: Int
    /// The ACL user name (`AUTH user password`), if any.
    public var user: String?
    /// The password (`AUTH password`, or with `user`), if any.
    public var password: String?
    /// The database index selected after connecting (`SELECT db`); 0 by default.
    public var database: Int

    /// Redis's default port.
    public static let defaultPort = 6379

    /// A URL from its parts.
    public init(
        host: String, port: Int = RedisURL.defaultPort, user: String? = nil, password: String? = nil,
        database: Int = 0, isSecure: Bool = false
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.isSecure = isSecure
    }

    /// Parses `string`.
    /// - Throws: `RedisURLError` naming what is wrong.
    public init(_ string: String) throws(RedisURLError) {
        let rest: Substring
        if string.lowercased().hasPrefix("redis://") {
            isSecure = false
            rest = string.dropFirst(8)
        } else if string.lowercased().hasPrefix("rediss://") {
            isSecure = true
            rest = string.dropFirst(9)
        } else {
            throw .unsupportedScheme
        }
        if rest.contains("?") || rest.contains("#") { throw .unsupportedQuery }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...].dropFirst()
        if path.isEmpty {
            database = 0
        } else {
            guard path.allSatisfy(\.isASCII), let index = Int(path), index >= 0, path.allSatisfy(\.isNumber) else {
                throw .invalidDatabase(String(path))
            }
            database = index
        }
        user = nil
        password = nil
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let name = try Self.percentDecoded(userInfo[..<colon])
                user = name.isEmpty ? nil : name
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else if !userInfo.isEmpty {
                // `redis://secret@host`: a lone credential is the password (as redis-cli and most clients read it).
                password = try Self.percentDecoded(userInfo)
            }
        }
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0 == " " || $0 == "@" }) else { throw .invalidHost }
        host = String(hostPart)
        if let portPart {
            guard portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portPart),
                (1...65535).contains(value)
            else { throw .invalidPort(String(portPart)) }
            port = value
        } else {
            port = Self.defaultPort
        }
    }

    private static func percentDecoded(_ text: Substring) throws(RedisURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidPercentEncoding
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidPercentEncoding }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension RedisURL: CustomStringConvertible {
    /// The URL with the password replaced by `***`, safe for logs (`REDIS-URL-REDACTED`).
    public var description: String {
        var text = isSecure ? "rediss://" : "redis://"
        if user != nil || password != nil {
            text += user ?? ""
            if password != nil { text += ":***" }
            text += "@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        if database != 0 { text += "/\(database)" }
        return text
    }
}
