import Testing
import WebSocketCore

@Suite("Proxy environment variables (as curl reads them)")
struct ProxyEnvironmentTests {
    static func proxy(_ secure: Bool, host: String = "example.com", _ environment: [String: String]) throws -> String? {
        try ProxyEnvironment.proxy(isSecure: secure, host: host, environment: environment).map { "\($0.host):\($0.port)" }
    }

    @Test("WS-PROXY-ENV-SCHEME: http_proxy (never HTTP_PROXY) for ws, https_proxy then HTTPS_PROXY for wss, all_proxy fallback")
    func scheme() throws {
        #expect(try Self.proxy(false, ["http_proxy": "http://a:1"]) == "a:1")
        #expect(try Self.proxy(false, ["HTTP_PROXY": "http://a:1"]) == nil)
        #expect(try Self.proxy(true, ["http_proxy": "http://a:1"]) == nil)
        #expect(try Self.proxy(true, ["https_proxy": "http://b:2", "HTTPS_PROXY": "http://c:3"]) == "b:2")
        #expect(try Self.proxy(true, ["HTTPS_PROXY": "http://c:3"]) == "c:3")
        #expect(try Self.proxy(false, ["https_proxy": "http://b:2"]) == nil)
        #expect(try Self.proxy(false, ["all_proxy": "http://d:4", "ALL_PROXY": "http://e:5"]) == "d:4")
        #expect(try Self.proxy(true, ["ALL_PROXY": "http://e:5"]) == "e:5")
        #expect(try Self.proxy(false, ["http_proxy": "http://a:1", "all_proxy": "http://d:4"]) == "a:1")
        #expect(try Self.proxy(false, ["http_proxy": "", "all_proxy": "http://d:4"]) == "d:4")
        #expect(try Self.proxy(false, [:]) == nil)
        #expect(throws: ProxyURLError.unsupportedScheme("socks5")) { try Self.proxy(false, ["all_proxy": "socks5://h:1"]) }
    }

    @Test("WS-PROXY-ENV-NO-PROXY: *, domain suffixes with or without a dot, exact IPs, case-insensitive, NO_PROXY fallback")
    func noProxy() throws {
        let list = NoProxyList(" example.com, .internal.test,10.0.0.1 ,[::1]:8080, localhost:3000 ")
        #expect(list.entries == ["example.com", "internal.test", "10.0.0.1", "::1", "localhost"])
        for host in ["example.com", "EXAMPLE.com", "a.example.com", "b.internal.test", "internal.test", "10.0.0.1", "::1", "[::1]", "localhost"] {
            #expect(list.matches(host: host), "\(host)")
        }
        for host in ["notexample.com", "example.org", "10.0.0.10", "110.0.0.1", "::2", "localhost2"] {
            #expect(!list.matches(host: host), "\(host)")
        }
        #expect(!NoProxyList("1.0.0.1").matches(host: "10.0.0.1"))
        #expect(NoProxyList("*").matches(host: "anything"))
        #expect(!NoProxyList("").matches(host: "anything"))
        let proxied = ["http_proxy": "http://p:1", "https_proxy": "http://p:1"]
        #expect(try Self.proxy(false, host: "a.example.com", proxied.merging(["no_proxy": "example.com"]) { $1 }) == nil)
        #expect(try Self.proxy(true, host: "a.example.com", proxied.merging(["NO_PROXY": ".example.com"]) { $1 }) == nil)
        #expect(try Self.proxy(false, host: "a.example.com", proxied.merging(["no_proxy": "other", "NO_PROXY": "example.com"]) { $1 }) == "p:1")
        #expect(try Self.proxy(false, host: "x", proxied.merging(["no_proxy": "*"]) { $1 }) == nil)
        // A bypassed host never looks at the proxy URL.
        #expect(try Self.proxy(false, host: "x", ["http_proxy": "socks5://h", "no_proxy": "x"]) == nil)
    }
}
