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
