/// A user name and password for a proxy's Basic authentication (RFC 7617).
public struct ProxyCredentials: Sendable, Hashable {
    /// The user name (must not contain a colon, RFC 7617 §2).
    public var username: String
    /// The password.
    public var password: String

    /// Credentials `username:password`.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The `Proxy-Authorization` value: `Basic base64(user:password)` of the UTF-8 bytes.
    public var basicAuthorization: String { "Basic " + Base64.encode(Array("\(username):\(password)".utf8)) }
}
