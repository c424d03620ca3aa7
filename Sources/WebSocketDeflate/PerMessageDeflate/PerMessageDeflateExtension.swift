import WebSocketCore

/// One connection's permessage-deflate state (RFC 7692): a deflater for the messages it sends and an inflater for
/// the compressed messages it receives, sized by the negotiated windows. Created by `PerMessageDeflate` during
/// the handshake; the connection calls it for data messages only.
///
/// - Sending: a message of at least `compressionThreshold` bytes is compressed, its sync-flush tail removed, and
///   sent with RSV1 on its first frame (the core puts RSV1 on the first frame only, however the message is
///   fragmented). A shorter one goes out as it is, RSV1 clear. Without context takeover, a message that does not
///   shrink goes out as it is too.
/// - Sending in fragments (`Connection.beginFragmentedMessage`, `WebSocket.send(_:fragments:)`): the fragments
///   are compressed as one message, RSV1 on its first frame, the sync-flush tail removed after the last.
/// - Receiving: a message with RSV1 is inflated as its frames arrive; the decompressed bytes count against the
///   connection's message limit exactly (`.messageTooLarge`, close 1009, before the output passes the limit), and
///   corrupt data is `.extensionDataInvalid` (close 1007). A message without RSV1 passes untouched.
/// - Memory: each codec is allocated when its direction first needs it; see `allocatedBytes`. An idle connection
///   can give most of it back with `releaseIdleMemory()` (through `Connection.releaseIdleExtensionMemory()`).
///
/// Used from one thread at a time, like the connection that owns it.
public final class PerMessageDeflateExtension: WebSocketExtension {
    /// `permessage-deflate`.
    public let name = PerMessageDeflate.extensionName
    /// RSV1, the "Per-Message Compressed" bit (RFC 7692 §6).
    public let reservedBits = ReservedBits.rsv1
    /// Which end of the connection this is.
    public let role: Role
    /// What the handshake agreed on.
    public let settings: PerMessageDeflateSettings
    /// Level, threshold and memory policy.
    public let configuration: PerMessageDeflateConfiguration

    private let sendWindowBits: Int
    private let receiveWindowBits: Int
    private let sendResets: Bool
    private let receiveResets: Bool
    private var deflater: Deflater?
    private var inflater: Inflater?
    /// Between the first frame of a compressed message and its successful end.
    private var isDecodingMessage = false

    /// The extension for `role` with the negotiated `settings`.
    public init(role: Role, settings: PerMessageDeflateSettings, configuration: PerMessageDeflateConfiguration = .init()) {
        self.role = role
        self.settings = settings
        self.configuration = configuration.clamped
        sendWindowBits = settings.sendingWindowBits(for: role)
        receiveWindowBits = settings.receivingWindowBits(for: role)
        sendResets = settings.sendingResetsContext(for: role)
        receiveResets = settings.receivingResetsContext(for: role)
    }

    /// Bytes the codecs hold right now: 0 until the first compressed message in either direction, then the
    /// deflater's and inflater's `memoryFootprint` (see `PerMessageDeflate.memoryPerConnection`); after
    /// `releaseIdleMemory()`, only the windows of history a direction with context takeover keeps (see
    /// `PerMessageDeflate.idleMemoryPerConnection`).
    public var allocatedBytes: Int {
        (deflater?.allocatedBytes ?? 0) + (inflater?.allocatedBytes ?? 0)
    }

    // MARK: Idle memory

    /// Shrinks the codecs of an idle connection to what the next messages depend on. A direction with context
    /// takeover keeps its window of history (at most `1 << windowBits` bytes, plus one bit per byte for the
    /// deflater) and rebuilds the rest on its next message, which compresses to the same bytes and decodes the
    /// same as without the release; a direction without context takeover frees its codec entirely. An incoming
    /// compressed message in progress keeps its inflater untouched.
    public func releaseIdleMemory() {
        if deflater != nil {
            if sendResets { deflater = nil } else { deflater!.releaseIdleMemory() }
        }
        if inflater != nil && !isDecodingMessage {
            if receiveResets { inflater = nil } else { inflater!.releaseIdleMemory() }
        }
    }

    // MARK: Receiving

    /// A message is compressed exactly when its first frame has RSV1.
    public func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool {
        guard bits.contains(.rsv1) else { return false }
        isDecodingMessage = true
        return true
    }

    /// Inflates the next piece of a compressed message into `output`; after the last piece, appends the tail
    /// `00 00 ff ff` and checks the message ends on a block boundary (RFC 7692 §7.2.2).
    public func decode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int
    ) throws(ProtocolViolation) {
        if inflater == nil { inflater = Inflater(windowBits: receiveWindowBits) }
        do throws(InflateError) {
            if !input.isEmpty { try inflater!.inflate(input, into: &output, limit: limit) }
            guard isFinal else { return }
            try inflater!.finishMessage(into: &output, limit: limit)
        } catch {
            throw violation(for: error)
        }
        isDecodingMessage = false
        if receiveResets {
            if configuration.releasesMemoryBetweenMessages { inflater = nil } else { inflater!.reset() }
        }
    }

    private func violation(for error: InflateError) -> ProtocolViolation {
        if case .outputLimitExceeded(let limit) = error { return .messageTooLarge(limit: limit) }
        return .extensionDataInvalid(extensionName: name, reason: Self.reason(for: error))
    }

    /// A short English description of a decoding error, for the close reason.
    static func reason(for error: InflateError) -> String {
        switch error {
        case .invalidBlockType: "invalid block type"
        case .storedLengthMismatch: "stored block length mismatch"
        case .tooManySymbols: "too many length or distance symbols"
        case .invalidCodeLengths: "invalid code lengths"
        case .invalidRepeat: "invalid code length repeat"
        case .missingEndOfBlock: "no code for end of block"
        case .invalidLiteralLengthSymbol: "invalid literal/length symbol"
        case .invalidDistanceSymbol: "invalid distance symbol"
        case .distanceTooFarBack: "distance too far back"
        case .outputLimitExceeded(let limit): "output over \(limit) bytes"
        case .truncated: "message ends inside a block"
        }
    }

    // MARK: Sending

    /// Compresses a message of at least `compressionThreshold` bytes (RSV1 set); sends shorter ones as they are.
    public func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) {
        guard payload.count >= configuration.compressionThreshold else { return (payload, []) }
        if deflater == nil { deflater = Deflater(level: configuration.level, windowBits: sendWindowBits) }
        let compressed = deflater!.compressMessage(payload)
        guard sendResets else { return (compressed, .rsv1) }
        // Without context takeover the peer keeps no history of ours, so an uncompressed message is as good.
        if configuration.releasesMemoryBetweenMessages { deflater = nil } else { deflater!.reset() }
        return compressed.count < payload.count ? (compressed, .rsv1) : (payload, [])
    }

    /// A message sent in fragments is compressed as one message, whatever its size (the threshold needs the
    /// size, which is not known in advance): RSV1 on its first frame.
    public func beginEncodingFragments(kind: Message.Kind) -> ReservedBits? {
        if deflater == nil { deflater = Deflater(level: configuration.level, windowBits: sendWindowBits) }
        return .rsv1
    }

    /// Compresses the next fragment. Complete blocks go out as they are produced (a non-final fragment may come
    /// out empty while the deflater gathers input); the final fragment is followed by a sync flush whose
    /// `00 00 ff ff` tail is removed (RFC 7692 §7.2.1), and without context takeover the window is then
    /// forgotten, as after a whole message.
    public func encodeFragment(_ bytes: [UInt8], isFinal: Bool) -> [UInt8] {
        if deflater == nil { deflater = Deflater(level: configuration.level, windowBits: sendWindowBits) }
        var output: [UInt8] = []
        if !bytes.isEmpty { deflater!.deflate(bytes, into: &output) }
        guard isFinal else { return output }
        deflater!.syncFlush(into: &output)
        output.removeLast(4)
        if sendResets {
            if configuration.releasesMemoryBetweenMessages { deflater = nil } else { deflater!.reset() }
        }
        return output
    }
}
