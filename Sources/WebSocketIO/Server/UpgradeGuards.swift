/// A check on an upgrade request: nil lets the request through, a decision (normally a rejection) stops it.
/// Combine checks with `UpgradeDecision.first(of:otherwise:)`.
public typealias UpgradeCheck = @Sendable (UpgradeRequest) -> UpgradeDecision?

extension UpgradeDecision {
    /// The first decision any of `checks` makes, or `otherwise` when every check lets the request through.
    ///
    /// ```swift
    /// decideUpgrade: { request in
    ///     .first(of: [OriginAllowList(["https://example.com"]).check, bearerTokenCheck], otherwise: .accept)(request)
    /// }
    /// ```
    public static func first(of checks: [UpgradeCheck], otherwise: UpgradeDecision) -> @Sendable (UpgradeRequest) -> UpgradeDecision {
        { request in
            for check in checks {
                if let decision = check(request) { return decision }
            }
            return otherwise
        }
    }
}

/// Accepts only requests whose `Origin` is in a list (browsers always send it; RFC 6455 §10.2). Comparison is
/// case-insensitive on the scheme and host, as origins are.
public struct OriginAllowList: Sendable {
    /// The allowed origins, lower-cased, e.g. `https://example.com`, `http://localhost:8080`.
    public let origins: Set<String>
    /// Whether a request without `Origin` (a non-browser client) is allowed.
    public let allowMissingOrigin: Bool

    /// Allows `origins`; requests without an Origin pass when `allowMissingOrigin` is true.
    public init(_ origins: [String], allowMissingOrigin: Bool = true) {
        self.origins = Set(origins.map { $0.lowercased() })
        self.allowMissingOrigin = allowMissingOrigin
    }

    /// Nil when the origin is allowed, else a 403 rejection.
    public func check(_ request: UpgradeRequest) -> UpgradeDecision? {
        guard let origin = request.origin else {
            return allowMissingOrigin ? nil : .reject(status: 403, reason: "Forbidden", body: "missing Origin")
        }
        return origins.contains(origin.lowercased()) ? nil : .reject(status: 403, reason: "Forbidden", body: "origin not allowed")
    }
}

extension UpgradeRequest {
    /// The cookies of the `Cookie` header fields (RFC 6265 §5.4: `name=value` pairs separated by `; `).
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for field in headers.values("Cookie") {
            for pair in field.split(separator: ";") {
                let trimmed = pair.drop(while: { $0 == " " })
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                let name = String(trimmed[..<equals])
                var value = String(trimmed[trimmed.index(after: equals)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                if result[name] == nil { result[name] = value }
            }
        }
        return result
    }

    /// The query's `name=value` pairs, percent-decoded (`+` stays `+`), in order.
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.percentDecoded(parts[0]), parts.count > 1 ? Self.percentDecoded(parts[1]) : "")
        }
    }

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// The token of an `Authorization: Bearer TOKEN` header (RFC 6750 §2.1).
    public var bearerToken: String? {
        guard let value = headers.first("Authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingLeadingAndTrailingSpaces
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Checks that authenticate an upgrade from its headers, cookies or query; each returns 401 when the credential is
/// missing or refused.
public enum UpgradeAuthentication {
    /// Requires a bearer token (`Authorization: Bearer …`) that `isValid` accepts.
    public static func bearerToken(_ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let token = request.bearerToken, isValid(token) else { return unauthorized("Bearer") }
            return nil
        }
    }

    /// Requires a cookie `name` whose value `isValid` accepts (browsers cannot set headers on WebSocket requests,
    /// but send cookies).
    public static func cookie(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.cookies[name], isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires a query parameter `name` (e.g. `?token=…`) whose value `isValid` accepts.
    public static func queryParameter(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.queryValue(name), isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires header `name` with a value `isValid` accepts.
    public static func header(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.headers.first(name), isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    private static func unauthorized(_ scheme: String?) -> UpgradeDecision {
        var headers = HTTPHeaders()
        if let scheme { headers.append(name: "WWW-Authenticate", value: scheme) }
        return .reject(status: 401, reason: "Unauthorized", body: "authentication required", headers: headers)
    }
}

extension String {
    fileprivate var trimmingLeadingAndTrailingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
