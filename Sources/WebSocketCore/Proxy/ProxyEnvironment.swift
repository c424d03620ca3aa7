/// Chooses a proxy from environment variables the way curl does, sans IO: the application passes the variables.
///
/// - `ws://` uses `http_proxy` (lower case only: curl ignores `HTTP_PROXY`, which a CGI request could set from a
///   `Proxy:` header);
/// - `wss://` uses `https_proxy`, then `HTTPS_PROXY`;
/// - either falls back to `all_proxy`, then `ALL_PROXY`;
/// - `no_proxy` (then `NO_PROXY`) lists the hosts that go direct (see `NoProxyList`).
///
/// An empty variable counts as unset.
public enum ProxyEnvironment {
    /// The proxy for a connection to `host` (`isSecure`: `wss://`), or nil to connect directly. Throws when the
    /// chosen variable holds a URL that cannot be used.
    public static func proxy(
        isSecure: Bool, host: String, environment: [String: String]
    ) throws(ProxyURLError) -> HTTPProxy? {
        guard let variable = proxyVariable(isSecure: isSecure, environment: environment) else { return nil }
        if let noProxy = value(["no_proxy", "NO_PROXY"], in: environment), NoProxyList(noProxy).matches(host: host) {
            return nil
        }
        return try HTTPProxy(url: variable.value)
    }

    /// The variable that names the proxy for the scheme, if any: its name and value.
    public static func proxyVariable(isSecure: Bool, environment: [String: String]) -> (name: String, value: String)? {
        let names = (isSecure ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]) + ["all_proxy", "ALL_PROXY"]
        for name in names {
            if let value = environment[name], !value.trimmingASCIIWhitespace().isEmpty { return (name, value) }
        }
        return nil
    }

    private static func value(_ names: [String], in environment: [String: String]) -> String? {
        for name in names {
            if let value = environment[name], !value.trimmingASCIIWhitespace().isEmpty { return value }
        }
        return nil
    }
}
