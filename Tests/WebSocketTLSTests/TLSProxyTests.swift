#if TLS
import RedisTestSupport
import Testing
import WebSocketCore
import WebSocketIO
import WebSocketTLS

@Suite(
    "wss through a real tinyproxy", .timeLimit(.minutes(1)),
    .enabled(if: TinyproxyFixture.shouldRun, TinyproxyFixture.skipReason))
struct TLSProxyTests {
    @Test("RFC9110-9.3.6-CONNECT-ESTABLISHED: wss:// through tinyproxy: TLS runs inside the tunnel and checks the target host")
    func wssThroughProxy() async throws {
        let proxy = try await TinyproxyFixture(username: "user", password: "pw")
        defer { proxy.stop() }
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity())
        let url = "wss://localhost:\(server.port)/"
        let socket = try await WebSocket.connect(
            to: url, configuration: TLSTest.configuration(), security: TLSTest.clientSecurity(),
            proxy: try .http(url: proxy.url(username: "user", password: "pw")))
        #expect(try await TLSTest.roundTrip(socket, .text("tunnelled TLS")) == .text("tunnelled TLS"))
        #expect(socket.route?.proxy?.port == proxy.port)
        #expect(proxy.log().contains("CONNECT localhost:\(server.port) HTTP/1.1"), "\(proxy.log())")
        _ = try await socket.close()
        await server.shutdown()
    }

    @Test("RFC9110-9.3.6-CONNECT-ESTABLISHED: through the tunnel a certificate for another host is still refused")
    func wrongHostThroughProxy() async throws {
        let proxy = try await TinyproxyFixture()
        defer { proxy.stop() }
        let server = try TLSTest.startServer(
            security: TLSTest.serverSecurity(certificate: TLSTest.pki.wrongHostCert, key: TLSTest.pki.sharedKey))
        let security = try TLSTest.clientSecurity()
        let route = try WebSocketProxyConfiguration.http(url: proxy.url())
        var failure: WebSocketConnectError?
        do throws(WebSocketConnectError) {
            let socket = try await WebSocket.connect(
                to: "wss://localhost:\(server.port)/", configuration: TLSTest.configuration(),
                security: security, proxy: route)
            _ = try? await socket.close()
        } catch {
            failure = error
        }
        #expect(TLSTest.securityReason(failure) != nil, "\(String(describing: failure))")
        #expect(proxy.log().contains("CONNECT localhost:\(server.port) HTTP/1.1"))
        await server.shutdown()
    }
}
#endif
