/// Whether and how a client goes through an HTTP proxy. Decided again for every connection of a redirect chain.
public struct WebSocketProxyConfiguration: Sendable {
    enum Source: Sendable {
        case none
        case fixed(HTTPProxy, bypass: NoProxyList?)
        case environment([String: String])
    }

    let source: Source

    /// Always connect directly (the default).
    public static let none = WebSocketProxyConfiguration(source: .none)

    /// Every connection goes through `proxy`, except to the hosts `bypass` lists.
    public static func http(_ proxy: HTTPProxy, bypass: NoProxyList? = nil) -> WebSocketProxyConfiguration {
        WebSocketProxyConfiguration(source: .fixed(proxy, bypass: bypass))
    }

    /// Every connection goes through the proxy at `url` (`http://[user:pass@]host:port`), except to the hosts
    /// the `noProxy` list names (the syntax of `no_proxy`, see `NoProxyList`).
    public static func http(url: String, noProxy: String? = nil) throws(ProxyURLError) -> WebSocketProxyConfiguration {
        .http(try HTTPProxy(url: url), bypass: noProxy.map(NoProxyList.init))
    }

    /// The proxy is chosen from `environment` the way curl does (`http_proxy` for ws://, `https_proxy` or
    /// `HTTPS_PROXY` for wss://, then `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY` go direct; see
    /// `ProxyEnvironment`). Pass the process's variables (`ProcessInfo.processInfo.environment`) to opt in.
    public static func environment(_ environment: [String: String]) -> WebSocketProxyConfiguration {
        WebSocketProxyConfiguration(source: .environment(environment))
    }

    /// The proxy for a connection to `url`, or nil for a direct connection.
    public func proxy(for url: WebSocketURL) throws(ProxyURLError) -> HTTPProxy? {
        switch source {
        case .none:
            return nil
        case .fixed(let proxy, let bypass):
            return bypass?.matches(host: url.host) == true ? nil : proxy
        case .environment(let environment):
            return try ProxyEnvironment.proxy(isSecure: url.isSecure, host: url.host, environment: environment)
        }
    }
}
