import Foundation
import Testing
import WebSocketDeflate
@testable import WebSocketIO
@testable import ws

@Suite("ws connect, send, subscribe", .timeLimit(.minutes(1)))
struct ClientCommandTests {
    /// A callback-API server whose connections get `RecordingDelegate`s from `make` (echoing by default), speaking
    /// `subprotocols` and permessage-deflate.
    private func server(
        subprotocols: [String] = [], _ make: @escaping @Sendable () -> RecordingDelegate = { RecordingDelegate(echo: true) }
    ) throws -> (TestServer, ServerDelegates) {
        let delegates = ServerDelegates(make)
        let acceptance = try UpgradeResponse(supportedSubprotocols: subprotocols)
        let server = try TestServer.callback(
            configuration: makeConfiguration { $0.extensions = [PerMessageDeflate()] },
            decideUpgrade: { _ in .accept(acceptance) }, makeDelegate: delegates.makeDelegate)
        return (server, delegates)
    }

    /// A server that sends `messages` to each connection as it opens, then closes it with `code`.
    private func publisher(_ messages: [Message], then code: CloseCode) throws -> (TestServer, ServerDelegates) {
        try server {
            RecordingDelegate(onOpen: { channel in
                for message in messages { try? channel.send(message) }
                try? channel.close(code: code, reason: code == .normalClosure ? "" : "bye")
            })
        }
    }

    @Test("WS-CLI-CONNECT-NEGOTIATED: connect, send and subscribe print the subprotocol the server picked and the extensions on stderr")
    func negotiated() async throws {
        let (echo, _) = try server(subprotocols: ["chat", "superchat"])
        try await withServer(echo) { echo in
            let connect = try await WSTool.run(["connect", echo.url(), "--subprotocol", "superchat", "--subprotocol", "chat"], input: "")
            #expect(connect.status == 0, "\(connect.errorText)")
            #expect(connect.errorText.contains("ws connect: connected, subprotocol chat, extensions permessage-deflate\n"), "\(connect.errorText)")
            let send = try await WSTool.run(["send", echo.url(), "hi", "--no-deflate"])
            #expect(send.status == 0, "\(send.errorText)")
            #expect(send.errorText.contains("ws send: connected, subprotocol none, extensions none\n"), "\(send.errorText)")
        }
        let (closing, _) = try publisher([], then: .normalClosure)
        try await withServer(closing) { closing in
            let subscribe = try await WSTool.run(["subscribe", closing.url(), "--subprotocol", "x"])
            #expect(subscribe.errorText.contains("ws subscribe: connected, subprotocol none, extensions permessage-deflate\n"), "\(subscribe.errorText)")
        }
    }

    @Test("WS-CLI-BINARY: --binary hex or base64 lines go out as binary messages and come back in the same encoding; bad lines are skipped")
    func binary() async throws {
        #expect(try BinaryEncoding.hex.decode("01 02 fF") == [1, 2, 255])
        #expect(try BinaryEncoding.hex.decode("") == [])
        #expect(throws: BinaryEncoding.DecodingError.self) { try BinaryEncoding.hex.decode("0 1") }
        #expect(throws: BinaryEncoding.DecodingError.self) { try BinaryEncoding.hex.decode("012") }
        #expect(throws: BinaryEncoding.DecodingError.self) { try BinaryEncoding.hex.decode("zz") }
        #expect(BinaryEncoding.hex.encode([0, 0xAB, 0xFF]) == "00abff")
        #expect(try BinaryEncoding.base64.decode(" AQL/ ") == [1, 2, 255])
        #expect(BinaryEncoding.base64.encode([1, 2, 255]) == "AQL/")
        #expect(throws: BinaryEncoding.DecodingError.self) { try BinaryEncoding.base64.decode("AQL") }

        let (echo, delegates) = try server()
        try await withServer(echo) { echo in
            let hex = try await WSTool.run(["connect", echo.url(), "--binary"], input: "01 02 FF\nzz\n0g\n\n")
            #expect(hex.status == 0, "\(hex.errorText)")
            #expect(hex.outputText == "0102ff\n\n", "the echoes, in hex (the empty line is an empty binary message)")
            #expect(hex.errorText.components(separatedBy: "ws connect: line not sent: hex:").count == 3, "\(hex.errorText)")
            let first = try await delegates.delegate(0).events.wait("the first connection closed") { $0.isClosed }
            #expect(first.messages == [.binary([1, 2, 255]), .binary([])], "the lines that decoded, as binary messages")

            let base64 = try await WSTool.run(["connect", echo.url(), "--binary", "base64"], input: "AQL/\nnot base64!\n")
            #expect(base64.status == 0 && base64.outputText == "AQL/\n", "\(base64.errorText)")
            #expect(base64.errorText.contains("ws connect: line not sent: not Base64"))

            let text = try await WSTool.run(["connect", echo.url()], input: "héllo\n01\n")
            #expect(text.outputText == "héllo\n01\n", "without --binary lines are text messages")
            let third = try await delegates.delegate(2).events.wait("the third connection closed") { $0.isClosed }
            #expect(third.messages == [.text("héllo"), .text("01")])
        }
        let (publisher, _) = try publisher([.binary([1, 2, 255]), .text("one\ttwo")], then: .normalClosure)
        try await withServer(publisher) { publisher in
            let plain = try await WSTool.run(["subscribe", publisher.url()])
            #expect(plain.outputText == "0102ff\none\ttwo\n", "binary received prints as hex without --binary")
            let base64 = try await WSTool.run(["subscribe", publisher.url(), "--binary=base64"])
            #expect(base64.outputText == "AQL/\none\ttwo\n")
        }
    }

    @Test("WS-CLI-PING-INTERVAL: --ping-interval sets the keepalive interval (0: no pings); the server sees the pings")
    func pingInterval() async throws {
        func configuration(_ arguments: [String]) throws -> WebSocketConfiguration {
            guard case .success(let setup) = ClientSetup.parse(
                ["ws://127.0.0.1/"] + arguments, command: "connect", usage: "", features: [.pingInterval])
            else {
                throw ServeProcessError(description: "\(arguments) did not parse")
            }
            return setup.configuration
        }
        #expect(try configuration([]).keepalive?.interval == .seconds(20))
        #expect(try configuration(["--ping-interval", "0.25"]).keepalive?.interval == .milliseconds(250))
        #expect(try configuration(["--ping-interval", "3"]).keepalive?.interval == .seconds(3))
        #expect(try configuration(["--ping-interval", "0"]).keepalive == nil)

        let (quiet, delegates) = try server { RecordingDelegate() }
        try await withServer(quiet) { quiet in
            async let subscribe = WSTool.run(["subscribe", quiet.url(), "--ping-interval", "0.05"])
            let delegate = try await delegates.delegate(0)
            try await delegate.events.wait("two pings") { $0.pings.count >= 2 }
            let channel = try #require(delegate.events.value.channel)
            try await channel.onLoop { try? $0.close(code: .goingAway) }
            let result = try await subscribe
            #expect(result.status == 0, "1001 is a normal end: \(result.errorText)")
            #expect(result.errorText.contains("ws subscribe: closed 1001 (going away)"))
        }
    }

    @Test("WS-CLI-SEND: ws send sends one message, closes with 1000 and exits 0 after the close; failures exit non-zero with the error")
    func send() async throws {
        let (echo, delegates) = try server()
        try await withServer(echo) { echo in
            let text = try await WSTool.run(["send", echo.url("/path?x=1"), "héllo ✓"])
            #expect(text.status == 0, "\(text.errorText)")
            #expect(text.outputText.isEmpty, "what the server sends is dropped")
            let first = try await delegates.delegate(0).events.wait("the connection closed") { $0.isClosed }
            #expect(first.messages == [.text("héllo ✓")])
            #expect(first.closeCode == .normalClosure)

            let binary = try await WSTool.run(["send", echo.url(), "AQL/", "--binary", "base64"])
            #expect(binary.status == 0, "\(binary.errorText)")
            let second = try await delegates.delegate(1).events.wait("the connection closed") { $0.isClosed }
            #expect(second.messages == [.binary([1, 2, 255])])
        }
        let refused = try await WSTool.run(["send", "ws://127.0.0.1:1/", "hi"])
        #expect(refused.status == 1)
        #expect(refused.errorText.hasPrefix("ws send: ") && refused.errorText.lowercased().contains("refused"), "\(refused.errorText)")

        let (rejecting, _) = try publisher([], then: .internalError)
        try await withServer(rejecting) { rejecting in
            let failed = try await WSTool.run(["send", rejecting.url(), "hi"])
            #expect(failed.status != 0, "the server closed with 1011")
            #expect(failed.errorText.contains("ws send: "), "\(failed.errorText)")
        }
    }

    @Test("WS-CLI-SUBSCRIBE: ws subscribe prints every message, one per line, until the server closes; 0 for 1000 and 1001, 3 otherwise")
    func subscribe() async throws {
        let messages: [Message] = [.text("one"), .text("twø"), .binary([0xCA, 0xFE]), .text("")]
        for (code, status) in [(CloseCode.normalClosure, Int32(0)), (.goingAway, 0), (.internalError, 3), (.policyViolation, 3)] {
            let (publisher, _) = try publisher(messages, then: code)
            try await withServer(publisher) { publisher in
                let result = try await WSTool.run(["subscribe", publisher.url()])
                #expect(result.status == status, "close \(code): \(result.errorText)")
                #expect(result.outputText == "one\ntwø\ncafe\n\n")
                #expect(result.errorText.contains("ws subscribe: closed \(code)"), "\(result.errorText)")
            }
        }
        let refused = try await WSTool.run(["subscribe", "ws://127.0.0.1:1/"])
        #expect(refused.status == 1 && refused.errorText.hasPrefix("ws subscribe: "))
    }
}
