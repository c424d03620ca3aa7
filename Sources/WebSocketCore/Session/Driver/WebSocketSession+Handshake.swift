extension WebSocketSession {
    /// What the server's request reader made of the bytes so far.
    func requestRead(_ step: consuming ServerHandshakeReader.Step, reader: ServerHandshakeReader) {
        switch consume step {
        case .needMoreData:
            return
        case .rejected(let rejection, let head, let response):
            _ = state.take()
            if let head, head.headers.first("Upgrade") == nil {
                // A well-formed request that is not an upgrade: read its body, then the application answers it.
                state = .ended
                plainRequestHeadRead(head, bytesAfter: reader.bytesAfterHead)
            } else {
                state = .ended
                deadlines.handshake = nil
                write(response)
                requestTransportClose()
                deadlines.close = now + configuration.closeTimeout
                deliver(.handshakeFailed(.rejected(rejection)))
            }
        case .upgradeRequested(let pending):
            _ = state.take()
            request = pending.request
            // Bytes that came behind the request in its read are kept while the application decides (at most one
            // read); reading pauses, and what a read under way still brings is bounded in `receive`
            // (`WS-UPGRADE-ASYNC-INPUT`).
            state = .upgradePending(pending)
            deliver(.upgradeRequested(request!))
        }
    }

    /// What the client's handshake driver made of the bytes so far.
    func responseRead(_ step: consuming ClientHandshakeDriver.Step) {
        switch consume step {
        case .needMoreData:
            return
        case .failed(let failure):
            _ = state.take()
            state = .ended
            deliver(.handshakeFailed(.client(failure)))
            abortTransport()
        case .opened(let connection):
            _ = state.take()
            becomeOpen(connection)
        }
    }

    /// The handshake completed: the connection is open and its timers start.
    func becomeOpen(_ connection: consuming Connection<Open>) {
        subprotocol = connection.subprotocol
        extensionNames = connection.extensionNames
        state = .open(connection)
        deadlines.handshake = nil
        lastActivity = now
        if let keepalive = configuration.keepalive { deadlines.nextPing = now + keepalive.interval }
        if let idle = configuration.idleTimeout { deadlines.idleCheck = now + idle }
        if let period = configuration.extensionIdleMemoryRelease, !extensionNames.isEmpty {
            deadlines.extensionIdle = now + period
        }
        deliver(.opened)
    }

    /// Server: accepts the pending upgrade request (see `Connection<Pending>.accept(_:)`): the 101 response is
    /// written and the connection opens. Throws `.usage(.noUpgradeRequestToAnswer)` when no request is pending.
    public func accept(_ response: UpgradeResponse = UpgradeResponse(), now: SessionInstant) throws(SessionSendError) {
        self.now = now
        guard let pending = takePending() else { throw .usage(.noUpgradeRequestToAnswer) }
        becomeOpen(pending.accept(response))
    }

    /// Server: refuses the pending upgrade request with an HTTP response; the transport closes after it.
    /// Throws `.usage(.noUpgradeRequestToAnswer)` when no request is pending.
    public func reject(
        status: Int = 403, reason: String = "Forbidden", body: String = "", headers: HTTPHeaders = HTTPHeaders(),
        now: SessionInstant
    ) throws(SessionSendError) {
        self.now = now
        guard let pending = takePending() else { throw .usage(.noUpgradeRequestToAnswer) }
        let closed = pending.reject(status: status, reason: reason, body: body, headers: headers)
        write(closed.takeOutboundBytes())
        state = .ended
        deadlines.handshake = nil
        requestTransportClose()
        deadlines.close = now + configuration.closeTimeout
        deliver(.handshakeFailed(.rejectedByApplication(status: status)))
    }

    /// True while a valid upgrade request waits for the application's `accept` or `reject`.
    public var isAwaitingUpgradeDecision: Bool {
        switch state {
        case .upgradePending?: true
        default: false
        }
    }

    /// The pending connection, taken out of the state (which the caller then sets); nil (state unchanged) when
    /// no upgrade request is pending.
    private func takePending() -> Connection<Pending>? {
        guard let current = state.take() else { return nil }
        switch consume current {
        case .upgradePending(let pending):
            return pending
        case let other:
            state = consume other
            return nil
        }
    }
}
