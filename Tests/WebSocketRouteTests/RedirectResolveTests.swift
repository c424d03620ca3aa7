import Testing
import WebSocketIO

@Suite("Redirect resolution and the redirect chain (sans IO)")
struct RedirectResolveTests {
    static func resolve(_ location: String, _ base: String) throws(WebSocketRedirectError) -> String {
        try WebSocketRedirect.resolve(location: location, against: WebSocketURL(base)!).description
    }

    @Test("RFC9110-15.4-REDIRECT-RESOLVE: absolute, http(s) mapped, network-path, absolute-path, query and relative references")
    func resolve() throws {
        let base = "ws://example.com:8080/a/b/c?q=1"
        #expect(try Self.resolve("wss://other.example/x", base) == "wss://other.example/x")
        #expect(try Self.resolve("http://other.example:81/x?y", base) == "ws://other.example:81/x?y")
        #expect(try Self.resolve("HTTPS://other.example", base) == "wss://other.example/")
        #expect(try Self.resolve("//other.example/p", base) == "ws://other.example/p")
        #expect(try Self.resolve("/root?z=2", base) == "ws://example.com:8080/root?z=2")
        #expect(try Self.resolve("?z=2", base) == "ws://example.com:8080/a/b/c?z=2")
        #expect(try Self.resolve("d", base) == "ws://example.com:8080/a/b/d")
        #expect(try Self.resolve("../d/./e", base) == "ws://example.com:8080/a/d/e")
        #expect(try Self.resolve("../../../../x", base) == "ws://example.com:8080/x")
        #expect(try Self.resolve("/p#fragment", base) == "ws://example.com:8080/p")
        #expect(try Self.resolve("d", "ws://[::1]:9/") == "ws://[::1]:9/d")
        for bad in ["ftp://h/x", "mailto:a@b", "http:relative", "ws://", "ws://h:0/"] {
            #expect(throws: WebSocketRedirectError.invalidLocation(bad)) { try Self.resolve(bad, base) }
        }
    }

    @Test("RFC9110-15.4-REDIRECT-DOWNGRADE: ws may go to wss, wss never to ws or http")
    func downgrade() throws {
        #expect(try Self.resolve("wss://h/x", "ws://h/") == "wss://h/x")
        #expect(try Self.resolve("/x", "wss://h/") == "wss://h/x")
        #expect(throws: WebSocketRedirectError.insecureDowngrade(from: "wss://h/", to: "ws://h/x")) {
            try Self.resolve("ws://h/x", "wss://h/")
        }
        #expect(throws: WebSocketRedirectError.insecureDowngrade(from: "wss://h/", to: "ws://h/x")) {
            try Self.resolve("http://h/x", "wss://h/")
        }
    }

    @Test("RFC9110-15.4-REDIRECT-LOOP: a URL already visited (any spelling of it) is a loop")
    func loop() throws {
        var tracker = WebSocketRedirectTracker(start: WebSocketURL("ws://Example.com/a")!, limit: 10)
        #expect(try tracker.follow(status: 302, location: "/b").description == "ws://Example.com/b")
        #expect(throws: WebSocketRedirectError.loop("ws://example.com:80/a")) {
            try tracker.follow(status: 301, location: "ws://example.com:80/a")
        }
        var selfLoop = WebSocketRedirectTracker(start: WebSocketURL("ws://h/a")!, limit: 10)
        #expect(throws: WebSocketRedirectError.loop("ws://h/a")) { try selfLoop.follow(status: 307, location: "a") }
        // The same path on another scheme or port is another URL.
        var other = WebSocketRedirectTracker(start: WebSocketURL("ws://h/a")!, limit: 10)
        #expect(try other.follow(status: 308, location: "wss://h/a").description == "wss://h/a")
        #expect(other.redirects == [WebSocketRedirect(status: 308, from: "ws://h/a", to: "wss://h/a")])
    }

    @Test("RFC9110-15.4-REDIRECT-LIMIT: the redirect after the limit is tooManyRedirects; 0 follows none")
    func limit() throws {
        var tracker = WebSocketRedirectTracker(start: WebSocketURL("ws://h/0")!, limit: 2)
        _ = try tracker.follow(status: 302, location: "/1")
        _ = try tracker.follow(status: 302, location: "/2")
        #expect(throws: WebSocketRedirectError.tooManyRedirects(limit: 2, location: "ws://h/3")) {
            try tracker.follow(status: 302, location: "/3")
        }
        #expect(tracker.redirects.map(\.to) == ["ws://h/1", "ws://h/2"])
        var none = WebSocketRedirectTracker(start: WebSocketURL("ws://h/0")!, limit: 0)
        #expect(throws: WebSocketRedirectError.tooManyRedirects(limit: 0, location: "ws://h/1")) {
            try none.follow(status: 301, location: "/1")
        }
    }
}
