/// A server application's answer to an upgrade request.
public enum UpgradeDecision: Sendable {
    /// Accept, with the subprotocols the server speaks and extra response headers.
    case accept(UpgradeResponse)
    /// Refuse with an HTTP response.
    case reject(status: Int, reason: String, body: String, headers: HTTPHeaders)

    /// Accept with no subprotocol and no extra headers.
    public static let accept = UpgradeDecision.accept(UpgradeResponse())

    /// Refuse with `status` and a short plain-text body.
    public static func reject(status: Int, reason: String, body: String = "") -> UpgradeDecision {
        .reject(status: status, reason: reason, body: body, headers: HTTPHeaders())
    }
}

extension UpgradeDecision {
    /// Refuse with a redirect (RFC 9110 §15.4): `status` (302 Found by default; 301, 303, 307 or 308) and a
    /// `Location` field holding `location` (absolute, or relative to the request's URL). Our client follows it.
    public static func redirect(to location: String, status: Int = 302) -> UpgradeDecision {
        let reasons = [301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect"]
        return .reject(status: status, reason: reasons[status] ?? "Redirect", body: "", headers: ["Location": location])
    }
}
