/// Why a proxy did not open a tunnel.
public enum ProxyConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The proxy answered 407: it wants (other) credentials (RFC 9110 §15.5.8).
    case authenticationRequired(reason: String)
    /// The proxy answered another status that is not 2xx (403, 502, …).
    case refused(status: Int, reason: String)
    /// The proxy's response head is not HTTP/1.1 or exceeds the size limits.
    case malformedResponse(HTTPHeadError)
    /// The proxy closed the connection before its response head ended.
    case closedBeforeResponse
    /// The proxy did not answer within the handshake timeout.
    case timedOut

    /// The status the proxy answered, if it answered.
    public var status: Int? {
        switch self {
        case .authenticationRequired: 407
        case .refused(let status, _): status
        default: nil
        }
    }

    /// What went wrong.
    public var description: String {
        switch self {
        case .authenticationRequired(let reason): "the proxy wants authentication (407 \(reason))"
        case .refused(let status, let reason): "the proxy refused the tunnel (\(status) \(reason))"
        case .malformedResponse(let error): "malformed proxy response: \(error)"
        case .closedBeforeResponse: "the proxy closed the connection before answering CONNECT"
        case .timedOut: "the proxy did not answer CONNECT in time"
        }
    }
}
