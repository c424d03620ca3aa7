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
