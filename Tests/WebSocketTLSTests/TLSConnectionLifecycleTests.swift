#if TLS
import Testing
import WebSocketCore
import WebSocketIO
import WebSocketTLS

@Suite("wss connection lifecycle", .timeLimit(.minutes(1)))
struct TLSConnectionLifecycleTests {
    @Test("WS-TLS-PLAINTEXT-REJECTED: a ws:// client on the TLS port fails cleanly and the server serves others")
    func plaintextClient() async throws {
        let security = try TLSTest.serverSecurity()
        let server = try TLSTest.startServer(security: security)
        do {
            let socket = try await WebSocket.connect(to: "ws://127.0.0.1:\(server.port)/", configuration: TLSTest.configuration())
            Issue.record("a plaintext client opened a connection on the TLS port")
            socket.abort()
        } catch {
            // The server drops the connection: the client sees a failed handshake, not a hang.
        }
        #expect(await eventually { security.failedHandshakes == 1 })
        let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: TLSTest.clientSecurity())
        #expect(try await TLSTest.roundTrip(socket, .text("still serving")) == .text("still serving"))
        try await socket.close()
        await server.shutdown()
    }

    @Test("WS-TLS-TIMEOUT: a peer that never completes the TLS handshake is dropped after the handshake timeout")
    func serverHandshakeTimeout() async throws {
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity(), handshakeTimeout: .milliseconds(300))
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let closed = Shared(false)
        let silent = try await TCPClient.connect(host: "127.0.0.1", port: server.port, on: group.next()) { _ in
            SilentHandler(closed: closed)
        }
        #expect(await eventually { closed.value })
        #expect(silent.remoteAddress?.port == server.port)
        await server.shutdown()
    }

    @Test("WS-TLS-TIMEOUT: a client whose server never answers the TLS hello times out")
    func clientHandshakeTimeout() async throws {
        let group = try EventLoopGroup(numberOfThreads: 1)
        defer { group.shutdown() }
        let mute = try TCPServer.bind(host: "127.0.0.1", port: 0, group: group) { _ in SilentHandler(closed: Shared(false)) }
        var configuration = TLSTest.configuration(handshakeTimeout: .milliseconds(300))
        configuration.closeTimeout = .seconds(1)
        do {
            let socket = try await WebSocket.connect(
                to: "wss://localhost:\(mute.port)/", configuration: configuration, security: TLSTest.clientSecurity())
            Issue.record("connected to a server that never answered")
            socket.abort()
        } catch let error as WebSocketConnectError {
            guard case .handshakeTimeout = error else {
                Issue.record("expected a handshake timeout, got \(error)")
                return
            }
        }
        await mute.stop()
    }

    @Test("WS-TLS-CLOSE-NOTIFY: after the WebSocket close the server sends close_notify before closing TCP")
    func closeNotify() async throws {
        let serverClose = Shared<CloseCode?>(nil)
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity()) { _ in
            CloseRecorder(code: serverClose)
        }
        let socket = try await TLSTest.connect("wss://localhost:\(server.port)/", security: TLSTest.clientSecurity())
        #expect(try await socket.close() == .normalClosure)
        #expect(try await TLSTest.stream(socket) { $0.closeNotifyReceived } == true)
        #expect(await eventually { serverClose.value == .normalClosure })
        await server.shutdown()
    }

    @Test("WS-TLS-BACKPRESSURE: a reader that stops leaves the TLS sender unwritable with bounded buffers, until it reads")
    func backpressure() async throws {
        let state = Shared(FloodState())
        let message = TLSTest.pattern(1 << 20)
        let server = try TLSTest.startServer(security: TLSTest.serverSecurity()) { _ in
            Flood(message: message, state: state)
        }
        var configuration = TLSTest.configuration()
        configuration.inboundMessageQueueLimit = 1
        let socket = try await WebSocket.connect(
            to: "wss://localhost:\(server.port)/", configuration: configuration, security: TLSTest.clientSecurity())
        #expect(await eventually { state.value.sent > 0 })
        try await Task.sleep(for: .milliseconds(500))  // the client reads nothing meanwhile
        #expect(state.value.sent < Flood.total, "the sender was never held back")
        var received = 0
        for await incoming in socket.messages {
            #expect(incoming == .binary(message))
            received += 1
            if received == Flood.total { break }
        }
        #expect(received == Flood.total)
        #expect(state.value.becameWritable > 0)
        #expect(state.value.maximumBuffered <= 3 << 20)
        try await socket.close()
        await server.shutdown()
    }
}

/// Holds a TCP connection open without sending a byte.
final class SilentHandler: TCPConnectionHandler {
    let closed: Shared<Bool>
    init(closed: Shared<Bool>) { self.closed = closed }
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {}
    func connectionClosed(_ connection: TCPConnection, error: TransportError?) { closed.update { $0 = true } }
}

/// Records the close code a server connection ends with.
final class CloseRecorder: WebSocketChannelDelegate {
    let code: Shared<CloseCode?>
    init(code: Shared<CloseCode?>) { self.code = code }
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {}
    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) { self.code.update { $0 = code } }
}

/// What the flooding server saw.
struct FloodState: Sendable {
    var sent = 0
    var becameWritable = 0
    var maximumBuffered = 0
}

/// Sends `total` copies of `message`, only while the channel is writable.
final class Flood: WebSocketChannelDelegate {
    static let total = 48
    let message: [UInt8]
    let state: Shared<FloodState>
    private var sent = 0

    init(message: [UInt8], state: Shared<FloodState>) {
        self.message = message
        self.state = state
    }

    func webSocketDidOpen(_ channel: WebSocketChannel) { pump(channel) }

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {}

    func webSocket(_ channel: WebSocketChannel, writabilityChanged isWritable: Bool) {
        guard isWritable else { return }
        state.update { $0.becameWritable += 1 }
        pump(channel)
    }

    private func pump(_ channel: WebSocketChannel) {
        while channel.isWritable && sent < Self.total {
            try? channel.send(binary: message)
            sent += 1
            let buffered = channel.bufferedOutboundBytes
            state.update { [sent] in
                $0.sent = sent
                $0.maximumBuffered = max($0.maximumBuffered, buffered)
            }
        }
    }
}
#endif
