/// A WebSocket connection as a sans-IO value whose type carries its state.
///
/// Feed it the bytes that arrive from the peer; it returns events (messages, pings, pongs, close) and queues the
/// bytes to send, which `takeOutbound()` hands to whatever moves bytes (a socket, a test). It answers pings,
/// runs the close handshake and fails the connection on any protocol violation by itself.
///
/// `Connection` is noncopyable and every transition between states is a `consuming` method that returns the
/// connection in its new state, so an operation that is illegal in a state does not compile (there is no `send`
/// on `Connection<Closed>`) and a connection cannot be used after a transition consumed it.
public struct Connection<State: ConnectionState>: ~Copyable {
    let machine: ProtocolMachine

    init(machine: ProtocolMachine) {
        self.machine = machine
    }

    /// Which side of the connection this is.
    public var role: Role { machine.role }

    /// The subprotocol agreed in the handshake, if any.
    public var subprotocol: String? { machine.subprotocol }

    /// The names of the negotiated extensions, in the order they apply.
    public var extensionNames: [String] { machine.extensions.map(\.name) }

    /// What the connection carried so far: messages, bytes and control frames in each direction (since the last
    /// `WebSocketSession.takeTraffic()`, when a session reports them).
    public var traffic: ConnectionTraffic { machine.traffic }

    /// True when input waits to be processed: bytes that arrived with the handshake, or a close or violation that
    /// came after messages in the same `receive` call (held back so the application can answer those messages while
    /// the connection is open). Call `receive` with no new bytes to process it.
    public var hasBufferedInput: Bool { !machine.pendingInput.isEmpty || machine.deferredTerminal != nil }

    /// The number of bytes waiting to be sent.
    public var outboundByteCount: Int { machine.outbound.count }

    /// Removes and returns the bytes to send, as chunks for one vectored write.
    public func takeOutbound() -> [[UInt8]] { machine.outbound.takeChunks() }

    /// Removes and returns the bytes to send as one array.
    public func takeOutboundBytes() -> [UInt8] { machine.outbound.takeAll() }

    /// Drops the connection at once, without a close handshake (the transport failed or a timeout expired).
    /// Nothing more is sent; the result reports close code 1006 (abnormal closure) unless a close was received.
    public consuming func abort() -> Connection<Closed> {
        machine.phase = .closed
        _ = machine.outbound.takeChunks()
        return Connection<Closed>(machine: machine)
    }
}

extension Connection where State == Open {
    /// Processes bytes from the peer, appending what they carried to `events`.
    public consuming func receive(_ bytes: UnsafeRawBufferPointer, into events: inout [ConnectionEvent]) -> OpenReceiveResult {
        machine.receive(bytes, into: &events)
        if machine.phase == .closed { return .closed(Connection<Closed>(machine: machine)) }
        return .open(Connection<Open>(machine: machine))
    }

    /// Processes bytes from the peer, appending what they carried to `events`.
    public consuming func receive(_ bytes: [UInt8], into events: inout [ConnectionEvent]) -> OpenReceiveResult {
        bytes.withUnsafeBytes { machine.receive($0, into: &events) }
        if machine.phase == .closed { return .closed(Connection<Closed>(machine: machine)) }
        return .open(Connection<Open>(machine: machine))
    }

    /// How many bytes `receiveDirect(into:_:)` can take now (0 when input must go through `receive`): the rest of
    /// the payload of a large single-frame message, whose storage is allocated at full size when its header arrives.
    public var directReceiveCapacity: Int { machine.directReceiveCapacity }

    /// Receives the peer's next bytes straight into the message's own storage, saving the copy from a read buffer:
    /// `read` gets a destination of `directReceiveCapacity` bytes, writes the bytes it reads there (a socket read,
    /// say) and returns how many; zero or a negative value (end of stream, an error) changes nothing. The bytes are
    /// then processed as `receive` would process them: unmasked in place, UTF-8 checked for text, and the message
    /// appended to `events` once its frame is complete.
    /// - Precondition: `directReceiveCapacity > 0`.
    public consuming func receiveDirect(
        into events: inout [ConnectionEvent], _ read: (UnsafeMutableRawBufferPointer) -> Int
    ) -> OpenReceiveResult {
        machine.receiveDirect(into: &events, read)
        if machine.phase == .closed { return .closed(Connection<Closed>(machine: machine)) }
        return .open(Connection<Open>(machine: machine))
    }

    /// Queues a whole message, transformed by the negotiated extensions. With `maximumFrameSize`, the (transformed)
    /// payload is split into frames of at most that many bytes.
    public mutating func send(_ message: Message, maximumFrameSize: Int? = nil) throws(UsageError) {
        try machine.send(message, maximumFrameSize: maximumFrameSize)
    }

    /// Queues a text message.
    public mutating func send(text: String) throws(UsageError) {
        try machine.send(.text(text), maximumFrameSize: nil)
    }

    /// Queues a binary message.
    public mutating func send(binary: [UInt8]) throws(UsageError) {
        try machine.send(.binary(binary), maximumFrameSize: nil)
    }

    /// True between `beginFragmentedMessage` and the final `continueFragmentedMessage`: other data messages must
    /// wait until the fragmented one is complete (RFC 6455 §5.4).
    public var isSendingFragmentedMessage: Bool { machine.isSendingFragmented }

    /// Queues the first fragment of a message sent as a sequence of frames. An extension that can stream
    /// (`WebSocketExtension.beginEncodingFragments`, e.g. permessage-deflate) transforms the fragments as one
    /// message; otherwise they go out as they are.
    public mutating func beginFragmentedMessage(_ kind: Message.Kind, _ bytes: [UInt8]) throws(UsageError) {
        try machine.sendFragment(bytes, kind: kind, isFinal: false)
    }

    /// Queues the next fragment of the open fragmented message; `isFinal` ends the message.
    public mutating func continueFragmentedMessage(_ bytes: [UInt8], isFinal: Bool) throws(UsageError) {
        try machine.sendFragment(bytes, kind: nil, isFinal: isFinal)
    }

    /// Queues a ping (payload at most 125 bytes).
    public mutating func ping(_ payload: [UInt8] = []) throws(UsageError) {
        try machine.sendControl(.ping, payload: payload)
    }

    /// Queues an unsolicited pong (payload at most 125 bytes), e.g. as a unidirectional heartbeat.
    public mutating func pong(_ payload: [UInt8] = []) throws(UsageError) {
        try machine.sendControl(.pong, payload: payload)
    }

    /// Queues a close frame and moves to `Closing`: nothing else can be sent, and the peer's close completes the
    /// handshake. Build the payload with `ClosePayload(code:reason:)`, which checks the code and the reason length.
    public consuming func close(_ payload: ClosePayload = .normal) -> Connection<Closing> {
        machine.enqueueClose(payload)
        machine.phase = .closing
        return Connection<Closing>(machine: machine)
    }
}

extension Connection where State == Closing {
    /// Processes bytes from the peer while waiting for its close. Data messages that were already on their way are
    /// still reported; pings are not answered any more.
    public consuming func receive(_ bytes: UnsafeRawBufferPointer, into events: inout [ConnectionEvent]) -> ClosingReceiveResult {
        machine.receive(bytes, into: &events)
        if machine.phase == .closed { return .closed(Connection<Closed>(machine: machine)) }
        return .closing(Connection<Closing>(machine: machine))
    }

    /// Processes bytes from the peer while waiting for its close.
    public consuming func receive(_ bytes: [UInt8], into events: inout [ConnectionEvent]) -> ClosingReceiveResult {
        bytes.withUnsafeBytes { machine.receive($0, into: &events) }
        if machine.phase == .closed { return .closed(Connection<Closed>(machine: machine)) }
        return .closing(Connection<Closing>(machine: machine))
    }
}

extension Connection where State == Closed {
    /// The close frame this side sent, if any.
    public var closeSent: ClosePayload? { machine.closeSent }

    /// The close frame the peer sent, if any.
    public var closeReceived: ClosePayload? { machine.closeReceived }

    /// The peer's violation that failed the connection, if any.
    public var failure: ProtocolViolation? { machine.failure }

    /// True when both close frames were exchanged and no violation occurred.
    public var wasClean: Bool { machine.failure == nil && machine.closeSent != nil && machine.closeReceived != nil }

    /// The close code to report to the application (RFC 6455 §7.1.5): the peer's code, 1005 when its close frame
    /// had none, the violation's code when the peer broke the protocol, and 1006 when no close frame arrived.
    public var closeCode: CloseCode {
        if let failure { return failure.closeCode }
        guard let received = machine.closeReceived else { return .abnormalClosure }
        return received.code ?? .noStatusReceived
    }

    /// The peer's close reason (empty when none).
    public var closeReason: String { machine.closeReceived?.reason ?? "" }

    /// Whether this side should close the TCP connection now: the server closes first (RFC 6455 §7.1.1); the
    /// client waits a bounded time for the server to do so, except after a failure, when it closes at once.
    public var shouldCloseTransportFirst: Bool { role == .server || machine.failure != nil }
}
