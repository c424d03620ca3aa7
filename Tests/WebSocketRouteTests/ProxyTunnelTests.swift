import RedisTestSupport
import Testing
import WebSocketCore
import WebSocketIO

@Suite(
    "Through a real tinyproxy", .timeLimit(.minutes(1)),
    .enabled(if: TinyproxyFixture.shouldRun, TinyproxyFixture.skipReason))
struct ProxyTunnelTests {
    @Test("RFC9110-9.3.6-CONNECT-ESTABLISHED, RFC9110-9.3.6-CONNECT-AUTH: ws:// through tinyproxy with Basic auth echoes, route names the proxy")
    func throughProxy() async throws {
        let proxy = try await TinyproxyFixture(username: "user", password: "s3cret")
        defer { proxy.stop() }
        let server = try RouteTest.echoServer()
        let url = "ws://127.0.0.1:\(server.port)/chat"
        let socket = try await WebSocket.connect(
            to: url, configuration: RouteTest.configuration(),
            proxy: try .http(url: proxy.url(username: "user", password: "s3cret")))
        #expect(try await RouteTest.echo(socket, "via tinyproxy") == .text("via tinyproxy"))
        #expect(socket.route == WebSocketRoute(url: url, proxy: HTTPProxy(
            host: "127.0.0.1", port: proxy.port, credentials: ProxyCredentials(username: "user", password: "s3cret"))))
        // The connection really went through the proxy.
        #expect(proxy.log().contains("CONNECT 127.0.0.1:\(server.port) HTTP/1.1"), "\(proxy.log())")
        _ = try await socket.close()
        await server.shutdown()
    }

    @Test("RFC9110-9.3.6-CONNECT-REFUSED: no credentials is the typed 407, a wrong password the same error (tinyproxy says 401)")
    func wrongPassword() async throws {
        let proxy = try await TinyproxyFixture(username: "user", password: "s3cret")
        defer { proxy.stop() }
        let server = try RouteTest.echoServer()
        let url = "ws://127.0.0.1:\(server.port)/"
        // tinyproxy answers 407 without credentials and 401 to wrong ones.
        for (proxyURL, status) in [(proxy.url(), 407), (proxy.url(username: "user", password: "wrong"), 401)] {
            let error = await RouteTest.connectError(url, proxy: try .http(url: proxyURL))
            guard case .proxy(.authenticationRequired(status, _)) = error else {
                Issue.record("expected \(status), got \(String(describing: error))")
                continue
            }
        }
        await server.shutdown()
    }

    @Test("WS-PROXY-ENV-SCHEME, WS-PROXY-ENV-NO-PROXY: http_proxy from the environment is used; no_proxy bypasses it")
    func environment() async throws {
        let proxy = try await TinyproxyFixture()
        defer { proxy.stop() }
        let server = try RouteTest.echoServer()
        let url = "ws://127.0.0.1:\(server.port)/"
        let viaEnv = try await WebSocket.connect(
            to: url, configuration: RouteTest.configuration(), proxy: .environment(["http_proxy": proxy.url()]))
        #expect(viaEnv.route?.proxy == HTTPProxy(host: "127.0.0.1", port: proxy.port))
        #expect(try await RouteTest.echo(viaEnv, "env") == .text("env"))
        _ = try await viaEnv.close()
        // A dead proxy: without no_proxy the connect fails, with it the client goes direct.
        let dead = "http://127.0.0.1:\(LoopbackSockets.freePort())"
        guard case .transport = await RouteTest.connectError(url, proxy: .environment(["http_proxy": dead])) else {
            Issue.record("the dead proxy was not used")
            return
        }
        let direct = try await WebSocket.connect(
            to: url, configuration: RouteTest.configuration(),
            proxy: .environment(["http_proxy": dead, "all_proxy": dead, "no_proxy": "localhost,127.0.0.1"]))
        #expect(direct.route?.proxy == nil)
        #expect(try await RouteTest.echo(direct, "direct") == .text("direct"))
        _ = try await direct.close()
        await server.shutdown()
    }

    @Test("RFC6455-4.1-REDIRECT-FOLLOW: each hop of a redirect chain decides the proxy again")
    func redirectThroughProxy() async throws {
        let proxy = try await TinyproxyFixture()
        defer { proxy.stop() }
        let target = try RouteTest.echoServer()
        let redirector = try RouteTest.echoServer { _ in .redirect(to: "ws://localhost:\(target.port)/end", status: 302) }
        // The redirector is reached through the proxy, the target (localhost) directly.
        let socket = try await WebSocket.connect(
            to: "ws://127.0.0.1:\(redirector.port)/", configuration: RouteTest.configuration(),
            proxy: .environment(["http_proxy": proxy.url(), "no_proxy": "localhost"]))
        #expect(socket.route?.url == "ws://localhost:\(target.port)/end")
        #expect(socket.route?.proxy == nil)
        #expect(socket.route?.redirects.count == 1)
        #expect(proxy.log().contains("CONNECT 127.0.0.1:\(redirector.port) HTTP/1.1"))
        #expect(!proxy.log().contains("localhost:\(target.port)"))
        #expect(try await RouteTest.echo(socket, "x") == .text("x"))
        _ = try await socket.close()
        await redirector.shutdown()
        await target.shutdown()
    }
}

@Suite("Hostile proxies", .timeLimit(.minutes(1)))
struct HostileProxyTests {
    static func error(answer: String, closeAfter: Bool, timeout: Duration = .seconds(5)) async throws -> WebSocketConnectError? {
        let proxy = try FakeProxy(answer: Array(answer.utf8), closeAfter: closeAfter)
        let error = await RouteTest.connectError(
            "ws://127.0.0.1:9/", proxy: try .http(url: proxy.url), handshakeTimeout: timeout)
        await proxy.stop()
        return error
    }

    @Test("RFC9110-9.3.6-CONNECT-REFUSED: 403 and 502 answers carry their status")
    func refused() async throws {
        for status in [403, 502] {
            let error = try await Self.error(answer: "HTTP/1.1 \(status) No\r\nContent-Length: 0\r\n\r\n", closeAfter: true)
            guard case .proxy(.refused(status, "No")) = error else { Issue.record("\(status): \(String(describing: error))"); continue }
        }
    }

    @Test("WS-PROXY-RESPONSE-LIMITS: garbage, an oversized head, a closed connection and silence are typed errors")
    func hostile() async throws {
        guard case .proxy(.malformedResponse) = try await Self.error(answer: "garbage\n", closeAfter: false) else {
            Issue.record("garbage accepted")
            return
        }
        let huge = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 64 * 1024)
        guard case .proxy(.malformedResponse(.headTooLarge(8192))) = try await Self.error(answer: huge, closeAfter: false) else {
            Issue.record("an oversized head was not refused at 8 KiB")
            return
        }
        guard case .proxy(.closedBeforeResponse) = try await Self.error(answer: "HTTP/1.1 200", closeAfter: true) else {
            Issue.record("a closed connection was not reported")
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        guard case .proxy(.timedOut) = try await Self.error(answer: "", closeAfter: false, timeout: .milliseconds(300)) else {
            Issue.record("a silent proxy did not time out")
            return
        }
        #expect(clock.now - start < .seconds(5))
    }
}
