import WebSocketCore

/// The outcome of feeding bytes to an open connection.
struct DriveResult {
    var events: [ConnectionEvent] = []
    /// Everything the connection queued for the peer.
    var outbound: [UInt8] = []
    /// True when the connection ended up `Closed`.
    var closed = false
    var closeCode: CloseCode?
    var failure: ProtocolViolation?
    var wasClean = false
}

/// Feeds `chunks` one by one to a fresh open connection of `role` through a `WebSocketSession` (which processes
/// input held back behind a close by itself), stopping once it is closed.
func drive(
    _ role: Role, _ chunks: [[UInt8]], configuration: ConnectionConfiguration = .init(),
    extensions: [any WebSocketExtension] = []
) throws -> DriveResult {
    var result = DriveResult()
    var sessionConfiguration = SessionConfiguration()
    sessionConfiguration.keepalive = nil
    sessionConfiguration.extensionIdleMemoryRelease = nil
    let session = try WebSocketSession(
        open: try Connection.established(role: role, configuration: configuration, extensions: extensions),
        configuration: sessionConfiguration, now: .origin)
    for chunk in chunks where session.phase == .open || session.phase == .closing {
        chunk.withUnsafeBytes { session.receive($0, now: .origin) }
        while let action = session.nextAction() {
            switch action {
            case .write(let written): for bytes in written { result.outbound += bytes }
            case .deliver(.message(let message)): result.events.append(.message(message))
            case .deliver(.messageChunk(let chunk)): result.events.append(.messageChunk(chunk))
            case .deliver(.ping(let payload)): result.events.append(.ping(payload))
            case .deliver(.pong(let payload)): result.events.append(.pong(payload))
            case .deliver(.notice(.protocolViolation(let violation))): result.events.append(.failed(violation))
            default: break
            }
        }
    }
    if session.phase == .closed, let closure = session.closure {
        if let received = closure.received, !result.events.contains(where: { if case .failed = $0 { true } else { false } }) {
            result.events.append(.closeReceived(code: received.code, reason: received.reason))
        }
        result.closed = true
        result.closeCode = closure.code
        result.failure = result.events.compactMap { if case .failed(let violation) = $0 { violation } else { nil } }.first
        result.wasClean = closure.wasClean
    }
    return result
}

extension DriveResult {
    /// Records what a connection that just closed queued and how it ended.
    mutating func record(_ closed: borrowing Connection<Closed>) {
        outbound += closed.takeOutboundBytes()
        self.closed = true
        closeCode = closed.closeCode
        failure = closed.failure
        wasClean = closed.wasClean
    }
}

/// A client-to-server frame: masked with a fixed key.
func clientFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv: ReservedBits = []) -> [UInt8] {
    Frame(fin: fin, reservedBits: rsv, opcode: opcode, maskingKey: MaskingKey(0x11, 0x22, 0x33, 0x44), payload: payload).encoded
}

/// A server-to-client frame: unmasked.
func serverFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv: ReservedBits = []) -> [UInt8] {
    Frame(fin: fin, reservedBits: rsv, opcode: opcode, payload: payload).encoded
}

/// Decodes every frame in `bytes` as sent by `sender`.
func decodeFrames(
    _ bytes: [UInt8], sentBy sender: Role, limits: Limits = Limits(), allowedReservedBits: ReservedBits = []
) throws -> [Frame] {
    var decoder = FrameDecoder(role: sender == .client ? .server : .client, limits: limits, allowedReservedBits: allowedReservedBits)
    var partial: Frame?
    return try bytes.withUnsafeBytes { try Frame.decodeAll($0, with: &decoder, partial: &partial) }
}

/// Splits `bytes` into chunks of `size`.
func chunked(_ bytes: [UInt8], by size: Int) -> [[UInt8]] {
    stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
}
