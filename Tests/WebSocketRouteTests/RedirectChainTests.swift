import PackageTestSupport
import Synchronization
import Testing
import WebSocketCore
import WebSocketIO

@Suite("Redirects on loopback", .timeLimit(.minutes(1)))
struct RedirectChainTests {
    static func redirect(_ status: Int, _ location: String) -> UpgradeDecision {
        .redirect(to: location, status: status)
    }

    @Test("RFC6455-4.1-REDIRECT-FOLLOW, WS-ROUTE-REPORTED: a chain of 3 redirects (relative and absolute) ends open, with the route")
    func chain() async throws {
        let port = PortBox()
        let server = try RouteTest.echoServer { target in
            switch target {
            case "/start": Self.redirect(302, "next")
            case "/next": Self.redirect(301, "ws://127.0.0.1:\(port.value)/third?x=1")
            case "/third?x=1": Self.redirect(307, "http://127.0.0.1:\(port.value)/final")
            case "/final": .accept
            default: .reject(status: 404, reason: "Not Found")
            }
        }
        port.value = server.port
        let socket = try await WebSocket.connect(
            to: "ws://127.0.0.1:\(server.port)/start", configuration: RouteTest.configuration())
        #expect(try await RouteTest.echo(socket, "hello") == .text("hello"))
        let base = "ws://127.0.0.1:\(server.port)"
        #expect(socket.route == WebSocketRoute(url: "\(base)/final", proxy: nil, redirects: [
            WebSocketRedirect(status: 302, from: "\(base)/start", to: "\(base)/next"),
            WebSocketRedirect(status: 301, from: "\(base)/next", to: "\(base)/third?x=1"),
            WebSocketRedirect(status: 307, from: "\(base)/third?x=1", to: "\(base)/final"),
        ]))
        _ = try await socket.close()
        await server.shutdown()
    }

    @Test("RFC9110-15.4-REDIRECT-LOOP: a server that redirects in a circle is a typed loop error")
    func loop() async throws {
        let server = try RouteTest.echoServer { target in
            target == "/a" ? Self.redirect(302, "/b") : Self.redirect(308, "/a")
        }
        let error = await RouteTest.connectError("ws://127.0.0.1:\(server.port)/a")
        guard case .redirect(.loop(let url)) = error else { Issue.record("not a loop: \(String(describing: error))"); return }
        #expect(url == "ws://127.0.0.1:\(server.port)/a")
        await server.shutdown()
    }

    @Test("RFC9110-15.4-REDIRECT-LIMIT: more redirects than the limit is a typed error; 0 follows none")
    func limit() async throws {
        let server = try RouteTest.echoServer { target in
            let step = Int(target.dropFirst()) ?? 0
            return step < 5 ? Self.redirect(303, "/\(step + 1)") : .accept
        }
        let url = "ws://127.0.0.1:\(server.port)/0"
        let error = await RouteTest.connectError(url, maximumRedirects: 3)
        guard case .redirect(.tooManyRedirects(3, let next)) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(next == "ws://127.0.0.1:\(server.port)/4")
        guard case .redirect(.tooManyRedirects(0, _)) = await RouteTest.connectError(url, maximumRedirects: 0) else {
            Issue.record("followed a redirect with limit 0")
            return
        }
        #expect(await RouteTest.connectError(url, maximumRedirects: 5) == nil)
        await server.shutdown()
    }

    @Test("RFC6455-4.1-REDIRECT-FOLLOW: a 3xx without Location stays an unexpected status; a bad Location a typed error")
    func withoutLocation() async throws {
        let server = try RouteTest.echoServer { target in
            target == "/none" ? .reject(status: 302, reason: "Found") : Self.redirect(302, "ftp://elsewhere/")
        }
        guard case .handshake(.rejected(.unexpectedStatus(302, _))) = await RouteTest.connectError(
            "ws://127.0.0.1:\(server.port)/none")
        else {
            Issue.record("a 302 without Location was not an unexpected status")
            return
        }
        guard case .redirect(.invalidLocation("ftp://elsewhere/")) = await RouteTest.connectError(
            "ws://127.0.0.1:\(server.port)/ftp")
        else {
            Issue.record("an ftp Location was not refused")
            return
        }
        await server.shutdown()
    }

    @Test("RFC9110-15.4-REDIRECT-DOWNGRADE: a wss URL redirected to ws is refused before any connection to it")
    func downgradeDecision() async throws {
        // Without TLS the wss:// hop cannot be made, so the downgrade is checked on the decision our connect loop
        // uses, starting from a wss URL.
        var tracker = WebSocketRedirectTracker(start: WebSocketURL("wss://127.0.0.1:1/")!, limit: 10)
        #expect(throws: WebSocketRedirectError.insecureDowngrade(from: "wss://127.0.0.1:1/", to: "ws://127.0.0.1:2/")) {
            try tracker.follow(status: 302, location: "ws://127.0.0.1:2/")
        }
    }

    @Test(
        "RFC6455-4.1-REDIRECT-FOLLOW: our redirector sends the client on to Python's websockets echo server",
        .enabled(if: PythonWebsockets.shouldRun, PythonWebsockets.skipReason))
    func toPython() async throws {
        let python = try await PythonEchoServer()
        defer { python.stop() }
        let server = try RouteTest.echoServer { _ in Self.redirect(307, "ws://127.0.0.1:\(python.port)/echo") }
        let socket = try await WebSocket.connect(
            to: "ws://127.0.0.1:\(server.port)/", configuration: RouteTest.configuration())
        #expect(try await RouteTest.echo(socket, "through a redirect") == .text("through a redirect"))
        #expect(socket.route?.url == "ws://127.0.0.1:\(python.port)/echo")
        #expect(socket.route?.redirects.count == 1)
        _ = try await socket.close()
        await server.shutdown()
    }
}

/// A port learned after the server started (its decisions read it).
final class PortBox: Sendable {
    private let stored = Atomic<Int>(0)
    var value: Int {
        get { stored.load(ordering: .acquiring) }
        set { stored.store(newValue, ordering: .releasing) }
    }
}
