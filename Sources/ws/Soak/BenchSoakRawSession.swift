import WebSocketIO
import WebSocketProperties

/// One raw TCP connection of a soak, speaking the protocol by hand: a hostile input followed by the wait for the
/// server's answer (a close frame with the code Spec/errors.md names, then the end of TCP; or an HTTP error for a
/// bad handshake), or an abrupt disconnect in the middle of a frame (with a FIN or a reset). Loop-confined.
final class SoakRawSession: TCPConnectionHandler, @unchecked Sendable {
    private enum Phase { case handshake, open }

    private let plan: SoakSessionPlan
    private let context: SoakContext
    private let label: String
    private var g: Xorshift64Star
    private var phase = Phase.handshake
    private var response: [UInt8] = []
    private var status: Int?
    private var deflateAccepted = false
    private var decoder = FrameDecoder(role: .client, allowedReservedBits: .rsv1)
    private var inClose = false
    private var closePayload: [UInt8] = []
    private var closeCode: UInt16?
    /// When the hostile input went out, and how long the server took to answer it (nanoseconds).
    private var sentAt: UInt64 = 0
    private var answerTime: UInt64?
    private var dataFramesReceived = 0
    /// Abrupt disconnects: valid frames sent before the partial one, and their echoes still to come.
    private var echoesAwaited = 0
    private var dropped = false
    private var timer: EventLoopScheduledTask?
    private var tally = SoakClassTally()
    private var finished: (@Sendable () -> Void)?

    /// A request the server must accept (a fixed key: the accept value is not checked).
    private static func request(host: String, deflate: Bool) -> [UInt8] {
        var text = "GET /soak HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if deflate { text += "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" }
        return Array((text + "\r\n").utf8)
    }

    init(plan: SoakSessionPlan, context: SoakContext, label: String) {
        self.plan = plan
        self.context = context
        self.label = label
        g = Xorshift64Star(seed: plan.seed)
        decoder.maximumFrameSize = Int(Int32.max)
        tally.sessions = 1
        tally.deflateSessions = plan.deflate == nil ? 0 : 1
    }

    /// Connects on `loop`, runs the session and returns when the connection is closed.
    func run(on loop: EventLoop) async {
        let options = context.options
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnceVoid(continuation)
            finished = { once.resume() }
            TCPClient.connect(
                host: options.host, port: options.port ?? 0, on: loop, timeout: .seconds(10), makeHandler: { _ in self },
                completion: { [context, label] result in
                    if case .failure(let error) = result {
                        context.ledger.connectFailed("\(label): connect failed: \(error)")
                        once.resume()
                    }
                })
        }
    }

    private var hostileInput: SoakHostileInput? {
        if case .hostile(let input) = plan.role { return input }
        return nil
    }

    // MARK: TCPConnectionHandler

    func connectionActive(_ connection: TCPConnection) {
        timer = connection.scheduleTask(in: context.options.rawTimeout) { [self] in
            context.ledger.fail("\(label): no answer within \(context.options.rawTimeout)")
            connection.abort()
        }
        if hostileInput == .handshakeWithoutKey {
            connection.write(SoakHostileInput.handshakeWithoutKey.bytes(using: &g, bomb: context.bomb))
            tally.messagesSent = 1
        } else {
            connection.write(Self.request(host: "\(context.options.host):\(context.options.port ?? 0)", deflate: plan.deflate != nil))
        }
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        var input = bytes
        if phase == .handshake {
            guard let body = readResponse(&input) else {
                if response.count > 16 << 10 {
                    context.ledger.fail("\(label): handshake response over 16 KiB")
                    connection.abort()
                }
                return
            }
            input = body
            guard status == 101 else { return }  // the server closes after an error response
            phase = .open
            opened(connection)
        }
        readFrames(&input, connection)
    }

    func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        timer?.cancel()
        if let input = hostileInput {
            let answer: String
            if let closeCode {
                answer = "\(closeCode)"
            } else if let status, status != 101 {
                answer = "HTTP \(status)"
            } else if let error {
                answer = "no close (\(error))"
            } else {
                answer = "no close (\(phase == .handshake ? "closed during the handshake" : "EOF"))"
            }
            context.ledger.hostile(input, answer: answer, nanoseconds: answerTime)
            if context.options.verbose, let answerTime {
                printError(String(format: "soak: t=%@ %@ answered %@ in %.1f ms", context.elapsed, label, answer, Double(answerTime) / 1e6))
            }
            if answer != input.expectedAnswer {
                context.ledger.fail("\(label): \(input.rawValue) answered \(answer), expected \(input.expectedAnswer)")
            }
        } else if !dropped {
            context.ledger.fail("\(label): the connection ended before the abrupt disconnect (\(error.map { "\($0)" } ?? "closed"), status \(status.map(String.init) ?? "none"))")
        }
        tally.messagesEchoed = dataFramesReceived
        context.ledger.merge(tally, into: plan.role.soakClass)
        let done = finished
        finished = nil
        done?()
    }

    // MARK: Handshake

    /// Collects the response head; returns the bytes after it once it is complete.
    private func readResponse(_ input: inout UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let before = response.count
        response.append(contentsOf: input)
        guard let end = Self.headEnd(response, from: max(0, before - 3)) else { return nil }
        let head = String(decoding: response[..<end], as: UTF8.self)
        let statusLine = head.prefix { $0 != "\r" }
        status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        deflateAccepted = head.lowercased().contains("sec-websocket-extensions: permessage-deflate")
        let consumed = end + 4 - before
        return UnsafeRawBufferPointer(rebasing: input[consumed...])
    }

    private static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in start...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func opened(_ connection: TCPConnection) {
        if plan.deflate != nil && !deflateAccepted {
            context.ledger.fail("\(label): the server declined permessage-deflate")
        }
        if !deflateAccepted { decoder.allowedReservedBits = [] }
        if let input = hostileInput {
            if context.options.verbose { printError("soak: t=\(context.elapsed) \(label) sends \(input.rawValue)") }
            connection.write(input.bytes(using: &g, bomb: context.bomb))
            sentAt = SoakContext.now()
            tally.messagesSent = 1
            return
        }
        echoesAwaited = g.int(in: 0...4)
        for _ in 0..<echoesAwaited {
            let payload = g.bytes(count: g.int(in: 0...2000))
            connection.write(Frame(opcode: .binary, maskingKey: MaskingKey.random(using: &g), payload: payload).encoded)
            tally.messagesSent += 1
            tally.bytesSent += payload.count
        }
        if echoesAwaited == 0 { drop(connection) }
    }

    // MARK: Frames from the server

    private func readFrames(_ input: inout UnsafeRawBufferPointer, _ connection: TCPConnection) {
        do {
            while let output = try decoder.next(from: &input) {
                switch output {
                case .frameStart(let header):
                    inClose = header.opcode == .close
                    closePayload = []
                case .payload(let slice, _):
                    if inClose { closePayload.append(contentsOf: slice) }
                case .frameEnd:
                    if inClose {
                        closeCode = closePayload.count >= 2 ? UInt16(closePayload[0]) << 8 | UInt16(closePayload[1]) : 1005
                        if sentAt > 0 { answerTime = SoakContext.now() - sentAt }
                        inClose = false
                    } else {
                        dataFramesReceived += 1
                        if !dropped && echoesAwaited > 0 && dataFramesReceived >= echoesAwaited { drop(connection) }
                    }
                }
            }
        } catch {
            context.ledger.fail("\(label): the server sent a bad frame: \(error)")
            connection.abort()
        }
    }

    // MARK: Abrupt disconnect

    /// Sends part of a frame (part of its header, or its header and part of its payload), then a FIN or a reset.
    private func drop(_ connection: TCPConnection) {
        dropped = true
        let length = g.int(in: 1...max(1, context.options.maximumMessageSize))
        let header = FrameHeader(opcode: .binary, maskingKey: MaskingKey.random(using: &g), payloadLength: UInt64(length)).bytes
        let midHeader = g.int(in: 0..<4) == 0
        let partial = midHeader ? Array(header.prefix(g.int(in: 1..<header.count))) : header + g.bytes(count: g.int(in: 0..<min(length, 256 << 10)))
        connection.write(partial)
        let reset = g.bool()
        context.ledger.abrupt("\(reset ? "RST" : "FIN") mid-\(midHeader ? "header" : "payload")")
        if reset {
            // Let the partial frame go out first: a reset discards what is still queued.
            connection.scheduleTask(in: .milliseconds(g.int(in: 5...50))) { connection.abort() }
        } else {
            connection.close()
        }
    }
}
