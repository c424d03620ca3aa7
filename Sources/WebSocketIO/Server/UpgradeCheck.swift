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
    public var queryItems: [(name: String, value: String)] { Self.queryItems(of: query) }

    /// The `name=value` pairs of `query`, percent-decoded, in order.
    static func queryItems(of query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.percentDecoded(parts[0]), parts.count > 1 ? Self.percentDecoded(parts[1]) : "")
        }
    }

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? { Self.queryValue(name, in: head) }

    /// The first value of query parameter `name` in `head`'s target, percent-decoded.
    public static func queryValue(_ name: String, in head: HTTPRequestHead) -> String? {
        queryItems(of: head.query).first { $0.name == name }?.value
    }

    /// The token of an `Authorization: Bearer TOKEN` header (RFC 6750 §2.1).
    public var bearerToken: String? {
        guard let value = headers.first("Authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingLeadingAndTrailingSpaces
    }

    /// `text` with every `%XX` replaced by the byte it encodes (`+` stays `+`); bytes that are not UTF-8 become
    /// U+FFFD.
    public static func percentDecoded(_ text: Substring) -> String {
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

extension String {
    fileprivate var trimmingLeadingAndTrailingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
