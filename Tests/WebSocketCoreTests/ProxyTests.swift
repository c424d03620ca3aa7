import Testing
import WebSocketCore

@Suite("HTTP proxy: CONNECT request, response, URL (sans IO)")
struct ProxyTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("RFC9110-9.3.6-CONNECT-REQUEST: CONNECT host:port HTTP/1.1 with the same Host, IPv6 in brackets")
    func request() {
        #expect(Self.text(ProxyConnectRequest.bytes(host: "example.com", port: 443))
            == "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        #expect(Self.text(ProxyConnectRequest.bytes(host: "::1", port: 8080))
            == "CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")
        #expect(!Self.text(ProxyConnectRequest.bytes(host: "a", port: 1)).contains("Proxy-Authorization"))
    }

    @Test("RFC9110-9.3.6-CONNECT-AUTH: Proxy-Authorization Basic base64(user:password), credentials percent-decoded")
    func authorization() throws {
        let credentials = ProxyCredentials(username: "user", password: "pass")
        #expect(credentials.basicAuthorization == "Basic dXNlcjpwYXNz")
        #expect(Self.text(ProxyConnectRequest.bytes(host: "h", port: 80, credentials: credentials))
            == "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n")
        let proxy = try HTTPProxy(url: "http://us%40er:p%3Ass@proxy.local:3128/")
        #expect(proxy.credentials == ProxyCredentials(username: "us@er", password: "p:ss"))
        #expect(proxy.host == "proxy.local" && proxy.port == 3128)
        #expect(proxy.description == "http://proxy.local:3128")
        #expect(throws: ProxyURLError.malformed("http://a:%zz@h:1")) { try HTTPProxy(url: "http://a:%zz@h:1") }
    }

    @Test("RFC9110-9.3.6-CONNECT-ESTABLISHED: a 2xx opens the tunnel; bytes after the head are handed on, split anywhere")
    func established() throws {
        let response = Array("HTTP/1.0 200 Connection established\r\nProxy-Agent: x\r\n\r\nTLS".utf8)
        var whole = ProxyConnectReader()
        #expect(try whole.receive(response) == .established(leftover: Array("TLS".utf8)))
        var split = ProxyConnectReader()
        for byte in response.dropLast(4) { #expect(try split.receive([byte]) == .needMoreData) }
        #expect(try split.receive(response.suffix(4)) == .established(leftover: Array("TLS".utf8)))
        var other = ProxyConnectReader()
        #expect(try other.receive(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8)) == .established(leftover: []))
    }

    @Test("RFC9110-9.3.6-CONNECT-REFUSED: 407 (and 401) is authenticationRequired, other non-2xx refused with the status")
    func refused() {
        for (status, expected) in [
            (407, ProxyConnectError.authenticationRequired(status: 407, reason: "R")),
            (401, .authenticationRequired(status: 401, reason: "R")), (403, .refused(status: 403, reason: "R")),
            (502, .refused(status: 502, reason: "R")), (101, .refused(status: 101, reason: "R")),
            (302, .refused(status: 302, reason: "R")),
        ] {
            var reader = ProxyConnectReader()
            #expect(throws: expected) { try reader.receive(Array("HTTP/1.1 \(status) R\r\nContent-Length: 3\r\n\r\nabc".utf8)) }
            #expect(expected.status == status)
        }
    }

    @Test("WS-PROXY-RESPONSE-LIMITS: garbage and oversized heads are malformedResponse, and nothing grows past the limit")
    func limits() {
        var garbage = ProxyConnectReader()
        #expect(throws: ProxyConnectError.malformedResponse(.invalidStatusLine)) {
            try garbage.receive(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8))
        }
        var bare = ProxyConnectReader()
        #expect(throws: ProxyConnectError.malformedResponse(.bareLineFeed)) { try bare.receive(Array("HTTP/1.1 200 OK\n\n".utf8)) }
        var large = ProxyConnectReader(maximumHeadSize: 1024)
        #expect(throws: ProxyConnectError.malformedResponse(.headTooLarge(limit: 1024))) {
            try large.receive(Array("HTTP/1.1 200 OK\r\nX: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 4096))
        }
        var many = ProxyConnectReader(maximumHeaderCount: 3)
        #expect(throws: ProxyConnectError.malformedResponse(.tooManyHeaders(limit: 3))) {
            try many.receive(Array("HTTP/1.1 200 OK\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\n\r\n".utf8))
        }
        #expect(ProxyConnectReader.defaultMaximumHeadSize == 8192)
    }

    @Test("WS-PROXY-URL: http:// URLs with optional credentials and port (default 1080, scheme optional); others typed errors")
    func urls() throws {
        #expect(try HTTPProxy(url: "http://127.0.0.1:8888") == HTTPProxy(host: "127.0.0.1", port: 8888))
        #expect(try HTTPProxy(url: "HTTP://proxy") == HTTPProxy(host: "proxy", port: 1080))
        #expect(try HTTPProxy(url: "proxy.example:3128") == HTTPProxy(host: "proxy.example", port: 3128))
        #expect(try HTTPProxy(url: " http://[::1]:9/ ") == HTTPProxy(host: "::1", port: 9))
        #expect(try HTTPProxy(url: "http://u@h:1").credentials == ProxyCredentials(username: "u", password: ""))
        #expect(throws: ProxyURLError.unsupportedScheme("socks5")) { try HTTPProxy(url: "socks5://h:1080") }
        #expect(throws: ProxyURLError.unsupportedScheme("https")) { try HTTPProxy(url: "https://h:443") }
        for bad in ["http://", "http://h:0", "http://h:99999", "http://h:x", "http://h/path", "http://[::1", "http://a b:1"] {
            #expect(throws: ProxyURLError.malformed(bad)) { try HTTPProxy(url: bad) }
        }
    }
}
