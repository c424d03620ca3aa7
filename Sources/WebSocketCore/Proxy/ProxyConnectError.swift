/// Why a proxy did not open a tunnel.
public enum ProxyConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The proxy wants (other) credentials: 407 (RFC 9110 §15.5.8), or 401, which some proxies (tinyproxy)
    /// answer to wrong credentials.
    case authenticationRequired(status: Int, reason: String)
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
        case .authenticationRequired(let status, _): status
        case .refused(let status, _): status
        default: nil
        }
    }

    /// What went wrong.
    public var description: String {
        switch self {
        case .authenticationRequired(let status, let reason): "the proxy wants (other) credentials (\(status) \(reason))"
        case .refused(let status, let reason): "the proxy refused the tunnel (\(status) \(reason))"
        case .malformedResponse(let error): "malformed proxy response: \(error)"
        case .closedBeforeResponse: "the proxy closed the connection before answering CONNECT"
        case .timedOut: "the proxy did not answer CONNECT in time"
        }
    }
}
