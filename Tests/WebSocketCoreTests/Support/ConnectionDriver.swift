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

/// Feeds `chunks` one by one to a fresh open connection of `role`, stopping once it is closed.
func drive(
    _ role: Role, _ chunks: [[UInt8]], configuration: ConnectionConfiguration = .init(),
    extensions: [any WebSocketExtension] = []
) throws -> DriveResult {
    var result = DriveResult()
    var open: Connection<Open>? = try Connection.established(role: role, configuration: configuration, extensions: extensions)
    var queue = chunks[...]
    while let chunk = queue.popFirst() {
        guard let connection = open.take() else { break }
        switch connection.receive(chunk, into: &result.events) {
        case .open(let still):
            result.outbound += still.takeOutboundBytes()
            if still.hasBufferedInput { queue.insert([], at: queue.startIndex) }
            open = consume still
        case .closed(let closed):
            result.record(closed)
        }
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
