/// The request that opens a tunnel through an HTTP proxy (RFC 9110 §9.3.6): `CONNECT host:port HTTP/1.1` with
/// `Host` set to the same authority and, with credentials, `Proxy-Authorization: Basic …` (RFC 9110 §11.7.2).
public enum ProxyConnectRequest {
    /// The request bytes for a tunnel to `host:port` (an IPv6 host is written in brackets).
    public static func bytes(host: String, port: Int, credentials: ProxyCredentials? = nil) -> [UInt8] {
        let authority = HTTPProxy.authority(host: host, port: port)
        var writer = HTTPHeadWriter(startLine: "CONNECT \(authority) HTTP/1.1")
        writer.field("Host", authority)
        if let credentials { writer.field("Proxy-Authorization", credentials.basicAuthorization) }
        return writer.finish()
    }
}
