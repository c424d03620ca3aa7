#if TLS
import Transport

/// A TLS session over a TCP connection, on the connection's event loop: the TCP connection's handler (ciphertext
/// in) and the `ByteStream` the WebSocket channel reads and writes plaintext through.
///
/// The handshake runs inside the loop as ciphertext arrives; the upper layer is activated at once, so its
/// handshake timer covers the TLS handshake too, and what it writes before the session is up waits here. Small
/// writes made during one loop iteration are encrypted together (fewer, fuller records); a write of a record or
/// more is encrypted at once. Closing sends close_notify before the TCP connection closes; aborting drops it.
public final class TLSStream: SecuredStream {
    /// The TCP connection underneath.
    public let tcp: TCPConnection
    /// Receives the decrypted events (the WebSocket channel).
    public var upper: (any TCPConnectionHandler)?
    /// Why the session failed, once it has.
    public private(set) var failure: TLSHandshakeError?
    /// The negotiated protocol version ("TLSv1.2" or "TLSv1.3"), once the handshake is complete.
    public private(set) var protocolVersion: String?
    /// The ALPN protocol agreed ("http/1.1"), if any, once the handshake is complete.
    public private(set) var applicationProtocol: String?
    /// The SNI host name the client sent, once the handshake is complete.
    public private(set) var serverName: String?
    /// True once the peer's close_notify arrived (a clean end of the TLS session, not a truncation).
    public private(set) var closeNotifyReceived = false

    /// TLS's largest record: writes of this size or more are encrypted straight away, smaller ones are gathered.
    static let recordSize = 16_384
    /// Large writes are encrypted and handed to TCP in slices of this size, so the session's output buffer stays
    /// small.
    static let writeSlice = 65_536

    private enum State { case handshaking, open, closed }
    private var state = State.handshaking
    private let session: TLSSession
    private let verification: PeerVerification?
    private let onFailure: ((TLSHandshakeError) -> Void)?
    private var pending: [UInt8] = []
    private var flushScheduled = false
    private var readingPaused = false
    private var deliveryScheduled = false
    private var delivering = false
    private var endOfStreamDelivered = false

    init(
        tcp: TCPConnection, session: TLSSession, verification: PeerVerification?,
        onFailure: ((TLSHandshakeError) -> Void)? = nil
    ) {
        self.tcp = tcp
        self.session = session
        self.verification = verification
        self.onFailure = onFailure
    }

    /// Clients verify their peer; servers do not ask for client certificates.
    private var isClient: Bool { verification != nil }

    /// The failure, for `WebSocketConnectError.security`.
    public var securityFailure: (any Error & Sendable)? { failure }

    /// True once the handshake is complete and until the stream closes.
    public var isEstablished: Bool { state == .open }

    // MARK: ByteStream

    /// The TCP connection's loop.
    public var eventLoop: EventLoop { tcp.eventLoop }
    /// The peer's address.
    public var remoteAddress: SocketAddress? { tcp.remoteAddress }
    /// The TCP connection's writability (ciphertext is handed to it as soon as it is made).
    public var isWritable: Bool { tcp.isWritable }
    /// Ciphertext TCP has not sent yet, plus plaintext waiting to be encrypted.
    public var bufferedOutboundBytes: Int { tcp.bufferedOutboundBytes + pending.count }

    /// Encrypts and sends `bytes` (during the handshake: once it completes). Ignored after `close()`.
    public func write(_ bytes: [UInt8]) {
        switch state {
        case .closed:
            return
        case .handshaking:
            pending.append(contentsOf: bytes)
        case .open:
            if bytes.count >= Self.recordSize {
                flushPending()
                encrypt(bytes)
            } else {
                pending.append(contentsOf: bytes)
                if pending.count >= Self.recordSize {
                    flushPending()
                } else if !flushScheduled {
                    flushScheduled = true
                    tcp.eventLoop.executeOnLoop { [weak self] in
                        guard let self else { return }
                        self.flushScheduled = false
                        if self.state == .open { self.flushPending() }
                    }
                }
            }
        }
    }

    /// Stops handing plaintext up, and stops reading TCP.
    public func pauseReading() {
        readingPaused = true
        tcp.pauseReading()
    }

    /// Resumes reading; plaintext already decrypted or buffered is handed up later in this loop iteration.
    public func resumeReading() {
        readingPaused = false
        tcp.resumeReading()
        guard state == .open, !deliveryScheduled else { return }
        deliveryScheduled = true
        tcp.eventLoop.executeOnLoop { [weak self] in
            guard let self else { return }
            self.deliveryScheduled = false
            self.deliverPlaintext()
        }
    }

    /// Sends what is queued and close_notify, then closes TCP (before the handshake completes: just closes TCP).
    public func close() {
        switch state {
        case .closed:
            return
        case .handshaking:
            pending = []
        case .open:
            flushPending()
            session.shutdown()
            sendOutput()
        }
        state = .closed
        tcp.close()
    }

    /// Drops the connection at once.
    public func abort() {
        state = .closed
        pending = []
        tcp.abort()
    }

    /// Runs `task` on the loop after `delay`.
    @discardableResult
    public func scheduleTask(in delay: Duration, _ task: @escaping () -> Void) -> EventLoopScheduledTask {
        tcp.scheduleTask(in: delay, task)
    }

    // MARK: TCPConnectionHandler

    /// Starts the handshake (a client sends its hello) and activates the upper layer.
    public func connectionActive(_ connection: TCPConnection) {
        if isClient { advanceHandshake() }
        upper?.connectionActive(connection)
    }

    /// Ciphertext arrived: advance the handshake, or decrypt and hand the plaintext up.
    public func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        guard state != .closed else { return }
        session.feed(bytes)
        if state == .handshaking {
            advanceHandshake()
        } else if !readingPaused {
            deliverPlaintext()
        }
    }

    /// Passes TCP's writability up.
    public func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        upper?.connectionWritabilityChanged(connection, isWritable: isWritable)
    }

    /// The peer closed TCP (with or without close_notify first): the end of the stream for the upper layer.
    public func connectionReadEOF(_ connection: TCPConnection) {
        if state == .handshaking && failure == nil && isClient {
            failure = .protocolFailure("the server closed the connection during the TLS handshake")
        }
        deliverEndOfStream()
    }

    /// TCP is gone: tell the upper layer, and let go of it.
    public func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        state = .closed
        pending = []
        let upper = self.upper
        self.upper = nil
        upper?.connectionClosed(connection, error: error)
    }

    // MARK: Inside

    private func advanceHandshake() {
        switch session.handshake() {
        case .needsInput:
            sendOutput()
        case .failed(let error):
            fail(verification?.failure(of: session.ssl, otherwise: error) ?? error)
        case .done:
            sendOutput()
            if let error = verification?.check(session.ssl) {
                fail(error)
                return
            }
            protocolVersion = session.protocolVersion
            applicationProtocol = session.applicationProtocol
            serverName = session.serverName
            state = .open
            flushPending()
            if !readingPaused { deliverPlaintext() }  // application data may have come with the last flight
        }
    }

    /// Decrypts what is buffered and hands it up, up to `PlaintextScratch.size` bytes per call, until more input
    /// is needed, the upper layer pauses or closes, or the peer ends the session.
    private func deliverPlaintext() {
        guard !delivering else { return }
        delivering = true
        defer { delivering = false }
        PlaintextScratch.withBuffer { scratch in
            while state == .open && !readingPaused {
                if let step = decryptDirectly() {
                    // A large message's payload, decrypted straight into its own storage.
                    if case .bytes = step { continue }
                    handleEnd(of: step)
                    break
                }
                var filled = 0
                var last = TLSSession.ReadStep.bytes(0)
                while filled < scratch.count {
                    last = session.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[filled...]))
                    guard case .bytes(let count) = last else { break }
                    filled += count
                }
                if filled > 0 {
                    upper?.connection(tcp, received: UnsafeRawBufferPointer(rebasing: scratch[..<filled]))
                }
                if case .bytes = last { continue }
                handleEnd(of: last)
                break
            }
        }
        if state == .open { sendOutput() }  // reading can produce output (TLS 1.3 key updates)
    }

    /// When the upper layer takes bytes straight into a message's storage (`connectionDirectReadCapacity`, as
    /// `TCPConnection` offers it for plain reads), decrypts one record's plaintext there, saving the copy through
    /// the scratch buffer; nil when it does not (the scratch path applies).
    private func decryptDirectly() -> TLSSession.ReadStep? {
        guard let upper, upper.connectionDirectReadCapacity(tcp) >= TCPConnection.directReadThreshold else { return nil }
        var step: TLSSession.ReadStep?
        let session = self.session
        upper.connection(tcp, readDirectly: { destination in
            let read = session.read(into: destination)
            step = read
            if case .bytes(let count) = read { return count }
            return 0
        })
        return step  // nil when the upper layer did not read after all
    }

    /// What ends a run of decryption: more ciphertext needed, the peer's close_notify, or a failure.
    private func handleEnd(of step: TLSSession.ReadStep) {
        switch step {
        case .bytes, .needsInput: break
        case .closedByPeer:
            closeNotifyReceived = true
            deliverEndOfStream()
        case .failed(let error): fail(error)
        }
    }

    private func deliverEndOfStream() {
        guard !endOfStreamDelivered else { return }
        endOfStreamDelivered = true
        upper?.connectionReadEOF(tcp)
    }

    private func flushPending() {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending = []
        encrypt(bytes)
    }

    private func encrypt(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { plaintext in
            var offset = 0
            while offset < plaintext.count {
                let end = min(plaintext.count, offset + Self.writeSlice)
                guard session.write(UnsafeRawBufferPointer(rebasing: plaintext[offset..<end])) else {
                    fail(.protocolFailure("cannot encrypt: the session has failed"))
                    return
                }
                sendOutput()
                offset = end
            }
        }
    }

    private func sendOutput() {
        if let ciphertext = session.takeOutput() { tcp.write(ciphertext) }
    }

    /// Records the failure, sends the alert OpenSSL queued, and closes TCP (the upper layer learns it from
    /// `connectionClosed`).
    private func fail(_ error: TLSHandshakeError) {
        guard state != .closed else { return }
        if failure == nil { failure = error }
        state = .closed
        pending = []
        sendOutput()
        tcp.close()
        onFailure?(error)
    }
}
#endif
