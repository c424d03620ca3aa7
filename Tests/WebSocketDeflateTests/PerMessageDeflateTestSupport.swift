import Foundation
import Testing
import WebSocketCore
import WebSocketDeflate

/// One end of a test connection: the open connection (nil once closed), every event it reported, and how it
/// ended.
final class DeflatePeer {
    var open: Connection<Open>?
    var events: [ConnectionEvent] = []
    var closeCode: CloseCode?
    var failure: ProtocolViolation?
    /// Bytes queued after the connection closed (its close frame).
    private var closedOutbound: [UInt8] = []

    init(_ connection: consuming Connection<Open>) {
        open = consume connection
    }

    var isOpen: Bool { closeCode == nil }

    /// The data messages received so far.
    var messages: [Message] {
        events.compactMap { if case .message(let message) = $0 { message } else { nil } }
    }

    /// The negotiated extensions' names.
    var extensionNames: [String] { open?.extensionNames ?? [] }

    func send(_ message: Message, maximumFrameSize: Int? = nil) throws {
        try open?.send(message, maximumFrameSize: maximumFrameSize)
    }

    /// Removes and returns everything queued for the peer.
    func takeOutbound() -> [UInt8] {
        let bytes = (open?.takeOutboundBytes() ?? []) + closedOutbound
        closedOutbound = []
        return bytes
    }

    /// Feeds `bytes` (and, when the connection holds input back, calls again without new bytes).
    func receive(_ bytes: [UInt8]) {
        var input = bytes
        while let connection = open.take() {
            switch connection.receive(input, into: &events) {
            case .open(let still):
                let again = still.hasBufferedInput
                open = consume still
                guard again else { return }
                input = []
            case .closed(let closed):
                closedOutbound += closed.takeOutboundBytes()
                closeCode = closed.closeCode
                failure = closed.failure
                return
            }
        }
    }
}

/// Two connections joined back to back.
struct DeflatePair {
    let client: DeflatePeer
    let server: DeflatePeer

    /// A pair opened through the real handshake (`ClientHandshakeDriver` and `ServerHandshakeReader`) with the
    /// given factories on each side. Records an issue and returns nil when the handshake fails.
    static func handshake(
        client clientFactories: [any WebSocketExtensionFactory], server serverFactories: [any WebSocketExtensionFactory],
        configuration: ConnectionConfiguration = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> DeflatePair? {
        var driver = try ClientHandshakeDriver(
            handshake: ClientHandshake(host: "example.com", extensions: clientFactories.flatMap { $0.clientOffers() }),
            configuration: configuration, extensions: clientFactories)
        var reader = try ServerHandshakeReader(configuration: configuration, extensions: serverFactories)
        let server: DeflatePeer
        switch reader.receive(driver.requestBytes) {
        case .upgradeRequested(let pending):
            server = DeflatePeer(pending.accept())
        case .needMoreData:
            Issue.record("incomplete request", sourceLocation: sourceLocation)
            return nil
        case .rejected:
            Issue.record("the server did not accept the upgrade", sourceLocation: sourceLocation)
            return nil
        }
        switch driver.receive(server.takeOutbound()) {
        case .opened(let connection):
            return DeflatePair(client: DeflatePeer(connection), server: server)
        case .needMoreData:
            Issue.record("incomplete handshake response", sourceLocation: sourceLocation)
            return nil
        case .failed(let failure):
            Issue.record("client handshake failed: \(failure)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A pair of `Connection.established` values with permessage-deflate set up directly with `settings`.
    static func established(
        settings: PerMessageDeflateSettings = .init(), client: PerMessageDeflateConfiguration = .init(),
        server: PerMessageDeflateConfiguration = .init(), configuration: ConnectionConfiguration = .init()
    ) throws -> DeflatePair {
        DeflatePair(
            client: DeflatePeer(try Connection.established(
                role: .client, configuration: configuration,
                extensions: [PerMessageDeflateExtension(role: .client, settings: settings, configuration: client)])),
            server: DeflatePeer(try Connection.established(
                role: .server, configuration: configuration,
                extensions: [PerMessageDeflateExtension(role: .server, settings: settings, configuration: server)])))
    }

    /// Client to server: returns the frames that went over the wire.
    @discardableResult
    func clientToServer() throws -> [Frame] {
        let bytes = client.takeOutbound()
        server.receive(bytes)
        return try wireFrames(bytes, sentBy: .client)
    }

    /// Server to client: returns the frames that went over the wire.
    @discardableResult
    func serverToClient() throws -> [Frame] {
        let bytes = server.takeOutbound()
        client.receive(bytes)
        return try wireFrames(bytes, sentBy: .server)
    }
}

/// Decodes every frame in `bytes` as sent by `sender`, allowing RSV1.
func wireFrames(_ bytes: [UInt8], sentBy sender: Role) throws -> [Frame] {
    var limits = Limits()
    limits.maximumFrameSize = 1 << 30
    var decoder = FrameDecoder(role: sender == .client ? .server : .client, limits: limits, allowedReservedBits: .rsv1)
    var partial: Frame?
    return try bytes.withUnsafeBytes { try Frame.decodeAll($0, with: &decoder, partial: &partial) }
}

/// A server-to-client frame (unmasked).
func serverFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv: ReservedBits = []) -> [UInt8] {
    Frame(fin: fin, reservedBits: rsv, opcode: opcode, payload: payload).encoded
}

/// A client-to-server frame, masked with a fixed key.
func clientFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv: ReservedBits = []) -> [UInt8] {
    Frame(fin: fin, reservedBits: rsv, opcode: opcode, maskingKey: MaskingKey(0x37, 0xfa, 0x21, 0x3d), payload: payload).encoded
}

/// A whole message compressed for permessage-deflate (tail removed) with a fresh deflater.
func compressed(_ message: [UInt8], windowBits: Int = 15) -> [UInt8] {
    var deflater = Deflater(windowBits: windowBits)
    return deflater.compressMessage(message)
}

/// The `Sec-WebSocket-Extensions` value of an HTTP head, or nil.
func extensionsHeader(in head: [UInt8]) -> String? {
    let text = String(decoding: head, as: UTF8.self)
    for line in text.split(separator: "\r\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "sec-websocket-extensions" {
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
    }
    return nil
}

extension Frame {
    /// The header's reserved bits.
    var reservedBits: ReservedBits { header.reservedBits }
    /// The header's opcode.
    var opcode: Opcode { header.opcode }
    /// The header's FIN bit.
    var fin: Bool { header.fin }
}
