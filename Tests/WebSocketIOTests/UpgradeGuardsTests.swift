import Testing
import WebSocketIO

private func request(_ lines: [String]) throws -> UpgradeRequest {
    let text = (["GET /chat?token=s%20ecret&room=1&empty HTTP/1.1", "Host: example.com", "Upgrade: websocket",
        "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"] + lines)
        .joined(separator: "\r\n") + "\r\n\r\n"
    var parser = HTTPRequestHeadParser()
    guard case .complete(let head, _) = try parser.feed(Array(text.utf8)) else { throw CancellationError() }
    return try ServerHandshake.validate(head)
}

private func status(_ decision: UpgradeDecision?) -> Int? {
    guard let decision else { return nil }
    switch decision {
    case .accept: return 101
    case .reject(let status, _, _, _): return status
    }
}

@Suite struct UpgradeGuardsTests {
    @Test("WS-SERVER-ORIGIN-ALLOWLIST: listed origins pass, others get 403, a missing Origin is a choice")
    func originAllowList() throws {
        let list = OriginAllowList(["https://Example.com"])
        #expect(status(list.check(try request(["Origin: https://example.COM"]))) == nil)
        #expect(status(list.check(try request(["Origin: https://evil.example"]))) == 403)
        #expect(status(list.check(try request([]))) == nil)
        #expect(status(OriginAllowList(["https://example.com"], allowMissingOrigin: false).check(try request([]))) == 403)
    }

    @Test("WS-SERVER-AUTH-HELPERS: bearer token, cookie, query and header checks; 401 when refused")
    func authentication() throws {
        let bearer = UpgradeAuthentication.bearerToken { $0 == "abc" }
        #expect(status(bearer(try request(["Authorization: Bearer abc"]))) == nil)
        #expect(status(bearer(try request(["Authorization: Bearer nope"]))) == 401)
        #expect(status(bearer(try request([]))) == 401)
        let cookieRequest = try request(["Cookie: a=1; session=\"xyz\"", "Cookie: b=2"])
        #expect(cookieRequest.cookies == ["a": "1", "session": "xyz", "b": "2"])
        #expect(status(UpgradeAuthentication.cookie("session") { $0 == "xyz" }(cookieRequest)) == nil)
        #expect(status(UpgradeAuthentication.cookie("session") { $0 == "other" }(cookieRequest)) == 401)
        let plain = try request([])
        #expect(plain.queryValue("token") == "s ecret")
        #expect(plain.queryValue("empty") == "")
        #expect(plain.queryItems.map(\.name) == ["token", "room", "empty"])
        #expect(status(UpgradeAuthentication.queryParameter("token") { $0 == "s ecret" }(plain)) == nil)
        #expect(status(UpgradeAuthentication.header("X-Key") { _ in true }(plain)) == 401)
        let combined = UpgradeDecision.first(of: [OriginAllowList(["https://a.example"]).check, bearer], otherwise: .accept)
        #expect(status(combined(try request(["Origin: https://a.example", "Authorization: Bearer abc"]))) == 101)
        #expect(status(combined(try request(["Origin: https://b.example", "Authorization: Bearer abc"]))) == 403)
        #expect(status(combined(try request(["Origin: https://a.example"]))) == 401)
    }
}
