import Testing
@testable import WebSocketIO

/// Upgrade decisions that suspend: the loop keeps serving, early bytes are kept (bounded), the handshake timeout
/// covers the decision.
@Suite("WebSocket suspending upgrade decisions", .timeLimit(.minutes(1)))
struct WebSocketSuspendingUpgradeTests {
    /// Timeouts that must not fire during a test: longer than the suite's time limit.
    static let never = makeConfiguration { $0.handshakeTimeout = .seconds(120) }

    @Test("WS-UPGRADE-ASYNC: a decision that waits does not hold up the loop: another client on the same loop opens and echoes meanwhile")
    func decisionDoesNotBlockTheLoop() async throws {
        let gate = Watch(false)
        let waiting = Watch(0)
        let server = try TestServer.suspending(loops: 1, configuration: Self.never) { request in
            guard request.path == "/slow" else { return .accept }
            waiting.update { $0 += 1 }
            _ = try? await gate.wait("the gate") { $0 }
            return .accept(try! UpgradeResponse(extraHeaders: ["X-Decided": "late"]))
        }
        try await withServer(server) { server in
            let slow = try await server.raw()
            try await slow.write(RawSocket.upgradeRequest(path: "/slow"))
            try await waiting.wait("the slow decision to start") { $0 == 1 }
            // The only loop is free: a second client opens and echoes while the first decision waits.
            let fast = try await server.connect("/fast")
            try await fast.send(text: "meanwhile")
            #expect(try await fast.nextMessage() == .text("meanwhile"))
            #expect(server.metrics.connectionsOpen == 1, "the slow connection is not open yet")
            gate.update { $0 = true }
            let response = try await slow.readResponse()
            #expect(response.status == 101)
            #expect(response.headers.first("X-Decided") == "late")
            try await slow.send(RawFrame(opcode: RawFrame.text, payload: Array("after".utf8)))
            #expect(try await slow.readFrame().payload == Array("after".utf8))
            try await fast.close()
        }
    }

    @Test("WS-UPGRADE-ASYNC-INPUT: a frame that came right behind the request while the decision waited is answered once the connection opens")
    func earlyBytesAreKept() async throws {
        let gate = Watch(false)
        let waiting = Watch(0)
        let server = try TestServer.suspending(configuration: Self.never) { _ in
            waiting.update { $0 += 1 }
            _ = try? await gate.wait("the gate") { $0 }
            return .accept
        }
        try await withServer(server) { server in
            let frame = RawFrame(opcode: RawFrame.text, payload: Array("early".utf8)).encoded()
            let raw = try await server.raw(sending: RawSocket.upgradeRequest() + frame)
            try await waiting.wait("the decision to start") { $0 == 1 }
            gate.update { $0 = true }
            #expect(try await raw.readResponse().status == 101)
            #expect(try await raw.readFrame().payload == Array("early".utf8))
        }
    }

    @Test("WS-UPGRADE-ASYNC-TIMEOUT: a decision still running at the handshake timeout is cancelled, the connection dropped, and its late answer ignored")
    func timeoutCoversTheDecision() async throws {
        let cancelled = Watch(false)
        let opened = Watch(0)
        let configuration = makeConfiguration { $0.handshakeTimeout = .milliseconds(300) }
        let server = try TestServer.suspending(configuration: configuration, decideUpgrade: { _ in
            do {
                try await Task.sleep(for: .seconds(120))
            } catch {
                cancelled.update { $0 = true }
            }
            return .accept  // too late: must be ignored
        }, onConnection: { _ in opened.update { $0 += 1 } })
        try await withServer(server) { server in
            let raw = try await server.raw(sending: RawSocket.upgradeRequest())
            let end = try await raw.readToEnd()
            #expect(end.bytes.isEmpty)
            #expect(end.ending == .reset)
            try await cancelled.wait("the decision's task to be cancelled") { $0 }
            try await eventually("the timeout to be counted") { server.metrics.handshakeRejections["timeout"] == 1 }
            #expect(server.metrics.connectionsTotal == 0)
            #expect(opened.value == 0, "no connection was made from the late decision")
        }
    }

    @Test("WS-SERVER-AUTH-ASYNC: authentication checks whose validators suspend let a known token in and answer 401 otherwise")
    func suspendingAuthentication() async throws {
        actor Tokens {
            let valid: Set<String> = ["good"]
            func contains(_ token: String) async -> Bool {
                await Task.yield()
                return valid.contains(token)
            }
        }
        let tokens = Tokens()
        let decide = UpgradeDecision.first(
            of: [
                { OriginAllowList(["http://allowed.example"], allowMissingOrigin: true).check($0) },
                UpgradeAuthentication.bearerToken { await tokens.contains($0) },
            ], otherwise: .accept)
        try await withServer(try TestServer.suspending(decideUpgrade: decide)) { server in
            let client = try await server.connect(headers: ["Authorization": "Bearer good"])
            try await client.send(text: "in")
            #expect(try await client.nextMessage() == .text("in"))
            try await client.close()
            for extra in [["Authorization: Bearer bad"], [], ["Authorization: Bearer good", "Origin: http://evil.example"]] {
                let raw = try await server.raw()
                try await raw.write(RawSocket.upgradeRequest(extraLines: extra))
                let response = try await raw.readResponse()
                #expect(response.status == (extra.count == 2 ? 403 : 401), "\(extra)")
                if extra.count < 2 { #expect(response.headers.first("WWW-Authenticate") == "Bearer") }
            }
        }
    }
}
