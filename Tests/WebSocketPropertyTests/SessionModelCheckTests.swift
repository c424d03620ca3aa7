import PackageTestSupport
import Testing
import WebSocketProperties

/// The model check of `WebSocketSession` (`Spec/session.md`): a client and a server session back to back.
@Suite("Session model check")
struct SessionModelCheckTests {
    @Test(
        "WS-SESSION-MODEL-CHECK, WS-SESSION-MODEL-CLOSES, WS-SESSION-MODEL-PROMPT, WS-SESSION-MODEL-NO-DEADLOCK, WS-SESSION-MODEL-CODES-AGREE, WS-SESSION-MODEL-CLOSED-LAST, WS-SESSION-MODEL-CLEAN, WS-SESSION-MODEL-QUIET-AFTER-CLOSE: every interleaving to the test bound keeps every property"
    )
    func boundedCheck() async throws {
        try await offCooperativePool { () throws in
            let result = try ModelChecker.check(.test, fingerprint: .exact)
            print("session model check: \(result)")
            #expect(result.states > 1000, "the bound explores the close handshake and keepalive")
            #expect(result.terminalStates > 0 && result.completions > 0)
            for violation in result.violations { Issue.record("\(violation)") }
        }
    }

    @Test("WS-SESSION-MODEL-CODES-AGREE: a replayed clean close from the client ends clean on both sides with the client's code")
    func cleanCloseReplay() throws {
        let factory = try ModelSessionFactory(configuration: .test)
        // Request, 101, client close, close reply, the server's FIN, the client's FIN, both transports gone.
        let moves = try #require(ModelMove.parse("ds dc Cc ds dc dc ds xc xs"))
        let pair = SessionPair.replay(moves, factory: factory)
        #expect(pair.moves == moves, "every move was enabled")
        #expect(pair.violations.isEmpty)
        #expect(pair.bothFinished)
        let client = try #require(pair.closure(.client))
        let server = try #require(pair.closure(.server))
        #expect(client.wasClean && server.wasClean)
        #expect(server.received?.code == .normalClosure && client.received?.code == .normalClosure)
        #expect(pair.enabledMoves.isEmpty)
    }

    @Test("WS-SESSION-MODEL-CLOSES: a completion too short to finish the close handshake is reported with its moves")
    func detectsUnfinishedRuns() throws {
        var configuration = ModelCheckConfiguration(depth: 2, messages: 0, pings: 0, faults: 0)
        configuration.completionLimit = 3
        let result = try ModelChecker.check(configuration)
        let violation = try #require(result.violations.first)
        #expect(violation.property == .closes)
        #expect(violation.moves.count >= 2)
        #expect(ModelMove.parse(ModelMove.tokens(violation.moves)) == violation.moves, "tokens round-trip")
    }

    @Test("WS-SESSION-MODEL-NO-DEADLOCK: after a network loss both transport closes are due and nothing is deliverable")
    func lossClosesBothTransports() throws {
        let factory = try ModelSessionFactory(configuration: .test)
        let pair = SessionPair.replay(try #require(ModelMove.parse("ds dc mc L")), factory: factory)
        #expect(pair.moves.count == 4)
        let moves = Set(pair.networkMoves)
        #expect(moves.isSuperset(of: [.transportClosed(.client), .transportClosed(.server)]))
        #expect(!moves.contains(.deliver(to: .server)), "the message in flight was lost")
        pair.apply(.transportClosed(.client))
        pair.apply(.transportClosed(.server))
        #expect(pair.bothFinished)
        #expect(pair.closure(.client)?.code == .abnormalClosure)
        #expect(pair.violations.isEmpty)
    }
}
