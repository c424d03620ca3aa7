/// One redirect a client followed: the status, where it came from and where it led.
public struct WebSocketRedirect: Sendable, Hashable, CustomStringConvertible {
    /// The status (301, 302, 303, 307 or 308).
    public var status: Int
    /// The URL that answered with the redirect.
    public var from: String
    /// The URL it led to (the `Location` resolved against `from`).
    public var to: String

    /// A redirect from `from` to `to` with `status`.
    public init(status: Int, from: String, to: String) {
        self.status = status
        self.from = from
        self.to = to
    }

    /// `302 → ws://…`.
    public var description: String { "\(status) → \(to)" }

    /// Resolves a `Location` field against the URL that sent it (RFC 9110 §10.2.2, RFC 3986 §5.2): absolute
    /// `ws://`/`wss://` URLs as they are, `http://`/`https://` mapped to `ws://`/`wss://`, network-path (`//host/…`),
    /// absolute-path, query-only and relative references against `base`; dot segments are removed and a fragment
    /// dropped. A `wss://` base never leads to `ws://` (`.insecureDowngrade`).
    public static func resolve(location: String, against base: WebSocketURL) throws(WebSocketRedirectError) -> WebSocketURL {
        var reference = Substring(location)
        while let first = reference.first, first == " " || first == "\t" { reference = reference.dropFirst() }
        while let last = reference.last, last == " " || last == "\t" { reference = reference.dropLast() }
        if let hash = reference.firstIndex(of: "#") { reference = reference[..<hash] }
        let baseScheme = base.isSecure ? "wss" : "ws"
        let absolute: String
        if let scheme = schemeOf(reference) {
            let rest = reference.dropFirst(scheme.count + 1)
            let mapped: String
            switch scheme.lowercased() {
            case "ws", "http": mapped = "ws"
            case "wss", "https": mapped = "wss"
            default: throw .invalidLocation(location)
            }
            guard rest.hasPrefix("//") else { throw .invalidLocation(location) }
            absolute = mapped + ":" + rest
        } else if reference.hasPrefix("//") {
            absolute = baseScheme + ":" + reference
        } else {
            let basePath = base.target.prefix(while: { $0 != "?" })
            let target: String
            if reference.hasPrefix("/") {
                target = reference.isEmpty ? "/" : String(reference)
            } else if reference.hasPrefix("?") {
                target = String(basePath) + reference
            } else if reference.isEmpty {
                target = base.target
            } else {
                let directory = basePath[...(basePath.lastIndex(of: "/") ?? basePath.startIndex)]
                target = String(directory) + reference
            }
            absolute = "\(baseScheme)://\(base.authority)\(target)"
        }
        guard var resolved = WebSocketURL(absolute) else { throw .invalidLocation(location) }
        resolved.target = removingDotSegments(resolved.target)
        if base.isSecure && !resolved.isSecure {
            throw .insecureDowngrade(from: base.description, to: resolved.description)
        }
        return resolved
    }

    /// The scheme of an absolute reference (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`), if it has one.
    private static func schemeOf(_ reference: Substring) -> Substring? {
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let scheme = reference[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return nil }
        guard scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme
    }

    /// The path of `target` with `.` and `..` segments removed (RFC 3986 §5.2.4); the query is kept.
    static func removingDotSegments(_ target: String) -> String {
        let query = target.firstIndex(of: "?").map { String(target[$0...]) } ?? ""
        let path = target.prefix(while: { $0 != "?" })
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".": if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default: output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/") + query
    }
}
