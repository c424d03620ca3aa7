import Foundation
import Testing
@testable import WebSocketIO
@testable import ws

@Suite("ws serve: subprotocols, buffers, /stats, the page", .timeLimit(.minutes(1)))
struct ServeCommandTests {
    /// Connects to `url` offering `subprotocols`, bounded.
    private func connect(_ url: String, subprotocols: [String] = []) async throws -> WebSocket {
        try await within(stepLimit, "connecting to \(url)") {
            try await WebSocket.connect(to: url, subprotocols: subprotocols)
        }
    }

    @Test("WS-CLI-SERVE-SUBPROTOCOL: the first of the server's subprotocols the client offered, in the server's order; none without overlap")
    func subprotocols() async throws {
        try await withServe(["--subprotocol", "chat.v2", "--subprotocol", "chat.v1"]) { serve in
            let cases: [(offered: [String], chosen: String?)] = [
                (["chat.v1", "chat.v2"], "chat.v2"), (["chat.v2", "chat.v1"], "chat.v2"), (["other", "chat.v1"], "chat.v1"),
                (["other"], nil), ([], nil),
            ]
            for (offered, chosen) in cases {
                let socket = try await connect(serve.url(), subprotocols: offered)
                #expect(socket.subprotocol == chosen, "offered \(offered)")
                try await socket.send(text: "hi")
                #expect(try await socket.nextMessage() == .text("hi"))
                try await socket.close()
            }
        }
        try await withServe(["--mode", "broadcast", "--subprotocol", "chat"]) { serve in
            let socket = try await connect(serve.url("/room/a"), subprotocols: ["x", "chat"])
            #expect(socket.subprotocol == "chat")
            try await socket.close()
            await #expect(throws: WebSocketConnectError.self, "the room rules still refuse /elsewhere") {
                try await connect(serve.url("/elsewhere"), subprotocols: ["chat"])
            }
        }
    }

    @Test("WS-CLI-SERVE-REUSE-PORT: ws serve --reuse-port processes share a port and each serves; without it the port in use is an error")
    func reusePort() async throws {
        let first = try await ServeProcess.start(["--reuse-port"])
        let second: ServeProcess
        do {
            second = try await ServeProcess.start(["--reuse-port"], port: first.port)
        } catch {
            _ = try await first.stop()
            throw error
        }
        let taken = try await WSTool.run(["serve", "--host", "127.0.0.1", "--port", "\(first.port)", "--quiet"])
        #expect(taken.status == 1)
        #expect(taken.errorText.contains("in use"), "\(taken.errorText)")
        let unix = try await WSTool.run(["serve", "--unix", "/tmp/ws-reuse-port-test.sock", "--reuse-port"])
        #expect(unix.status == 2)
        #expect(unix.errorText.contains("--reuse-port"), "\(unix.errorText)")
        // Whichever process the kernel picks for a connection echoes; with the first one gone, the second alone
        // still serves the port.
        for server in [first, second] {
            let socket = try await connect(server.url())
            try await socket.send(text: "shared")
            #expect(try await socket.nextMessage() == .text("shared"))
            try await socket.close()
        }
        #expect(try await first.stop() == 0)
        let socket = try await connect(second.url())
        try await socket.send(text: "still served")
        #expect(try await socket.nextMessage() == .text("still served"))
        try await socket.close()
        #expect(try await second.stop() == 0)
    }

    @Test("WS-CLI-SERVE-BUFFERS: the water marks, read buffer and member queue reach the configuration and the hub; a server with them serves")
    func buffers() async throws {
        func tuning(_ arguments: [String], broadcast: Bool = false) throws -> ServeOptions {
            try ServeOptions(CommandLineArguments(arguments, valueOptions: ServeOptions.valueOptions), broadcast: broadcast)
        }
        let defaults = try tuning([])
        #expect(defaults.writeHighWater == 1 << 20 && defaults.writeLowWater == 256 << 10)
        #expect(defaults.readBufferSize == 128 << 10 && defaults.memberQueueBytes == 8 << 20)
        let high = try tuning(["--write-high-water", "65536"])
        #expect(high.writeHighWater == 65536 && high.writeLowWater == 16384, "the low water mark defaults to a quarter")
        let both = try tuning(["--write-high-water", "65536", "--write-low-water", "65536", "--read-buffer", "4096"])
        var configuration = WebSocketConfiguration()
        both.apply(to: &configuration)
        #expect(configuration.writeBufferHighWaterMark == 65536 && configuration.writeBufferLowWaterMark == 65536)
        #expect(both.readBufferSize == 4096)
        let queue = try tuning(["--member-queue", "100000"], broadcast: true)
        let hub = try ServeRedisOptions.hub(
            CommandLineArguments([], valueOptions: ServeRedisOptions.valueOptions), broadcast: true,
            memberQueueBytes: queue.memberQueueBytes)
        #expect(hub.maximumQueuedBytes == 100_000)

        let arguments = [
            "--mode", "broadcast", "--write-high-water", "65536", "--write-low-water", "1024", "--read-buffer", "4096",
            "--member-queue", "1000000",
        ]
        try await withServe(arguments) { serve in
            let socket = try await connect(serve.url("/room/big"))
            let message = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try await socket.send(binary: message)
            #expect(try await socket.nextMessage() == .binary(message), "a message of about 50 read buffers")
            try await socket.close()
        }
    }

    @Test("WS-CLI-SERVE-STATS: GET /stats answers the server's counters as JSON in echo mode, and the hub's and rooms' too in broadcast mode")
    func stats() async throws {
        try await withServe([]) { serve in
            let socket = try await connect(serve.url())
            for text in ["one", "two"] {
                try await socket.send(text: text)
                #expect(try await socket.nextMessage() == .text(text))
            }
            try await socket.close()
            let response = try await serve.get("/stats")
            #expect(response.headers.first("Content-Type") == "application/json")
            #expect(response.headers.first("Cache-Control") == "no-store")
            try await eventually("the counters count both messages and the close") {
                let json = try await serve.getJSON("/stats")
                let server = json["server"] as? [String: Any]
                return json["mode"] as? String == "echo" && server?["messagesIn"] as? Int == 2
                    && server?["messagesOut"] as? Int == 2 && server?["connectionsTotal"] as? Int == 1
                    && server?["connectionsOpen"] as? Int == 0 && (server?["bytesIn"] as? Int ?? 0) > 0
                    && (server?["closeCodes"] as? [String: Int])?["1000"] == 1
            }
            #expect(try await serve.getJSON("/stats")["rooms"] == nil, "echo mode has no rooms")
        }
        try await withServe(["--mode", "broadcast"]) { serve in
            let socket = try await connect(serve.url("/room/a"))
            let json = try await serve.getJSON("/stats?room=empty")
            #expect(json["mode"] as? String == "broadcast")
            #expect((json["server"] as? [String: Any])?["connectionsOpen"] as? Int == 1)
            #expect((json["hub"] as? [String: Any])?["published"] as? Int == 0)
            let rooms = (json["rooms"] as? [[String: Any]])?.compactMap { $0["room"] as? String }
            #expect(rooms == ["a", "empty"])
            try await socket.close()
        }
    }

    @Test("WS-CLI-PAGE: GET / and /index.html answer the self-contained page, other paths 426; server values in its script are escaped")
    func page() async throws {
        try await withServe(["--subprotocol", "chat"]) { serve in
            for path in ["/", "/index.html"] {
                let response = try await serve.get(path)
                #expect(response.status == 200, "GET \(path)")
                #expect(response.headers.first("Content-Type") == "text/html; charset=utf-8")
                let policy = try #require(response.headers.first("Content-Security-Policy"))
                #expect(policy.hasPrefix("default-src 'none'"))
                let page = response.bodyText
                #expect(page.hasPrefix("<!doctype html>") && page.contains("<script>") && page.contains("id=\"log\""))
                #expect(page.contains("const protocols = [\"chat\"];"), "the page offers the server's subprotocols")
                #expect(page.contains("fetch('/stats'"), "the counters come from /stats")
                #expect(!page.contains("innerHTML") && !page.contains("insertAdjacentHTML") && !page.contains("document.write"))
                for external in ["src=", "href=", "url(", "@import", "http://", "https://"] {
                    #expect(!page.contains(external), "the page loads nothing from elsewhere (\(external))")
                }
                #expect(!page.contains("id=\"room\""), "echo mode has no room picker")
            }
            #expect(try await serve.get("/other").status == 426)
        }
        #expect(demoPage(broadcast: true).contains("id=\"room\""), "broadcast mode has a room picker")
        let hostile = ["</script><script>alert(1)</script>", "a&b", "\u{2028}"]
        let literal = javaScriptLiteral(hostile)
        #expect(!literal.contains("<") && !literal.contains(">") && !literal.contains("&") && !literal.contains("\u{2028}"))
        #expect(try JSONSerialization.jsonObject(with: Data(literal.utf8)) as? [String] == hostile)
    }
}
