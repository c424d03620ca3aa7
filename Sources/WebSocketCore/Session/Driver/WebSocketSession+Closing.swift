extension WebSocketSession {
    /// Starts the closing handshake: sends a close frame with `code` and `reason` and waits (up to `closeTimeout`)
    /// for the peer's. A code that may not be sent (RFC 6455 §7.4: 1005, 1006, 1015, unassigned ranges) or a reason
    /// over 123 bytes is a typed error, not repaired. During the handshake it drops the transport; closing or
    /// closed, it does nothing.
    public func close(code: CloseCode = .normalClosure, reason: String = "", now: SessionInstant) throws(SessionSendError) {
        let payload: ClosePayload
        do { payload = try ClosePayload(code: code, reason: reason) } catch { throw .usage(error) }
        self.now = now
        startClose(payload)
    }

    /// Drops the connection now, without a close handshake (reported as 1006).
    public func abort(now: SessionInstant) {
        self.now = now
        abortTransport()
    }

    /// Our close: open → closing (the close frame is queued), the close timeout starts.
    func startClose(_ payload: ClosePayload) {
        guard let current = state.take() else { return }
        switch consume current {
        case .open(let connection):
            state = .closing(connection.close(payload))
            deadlines.clearOpenDeadlines()
            deadlines.close = now + configuration.closeTimeout
            heldPrepared = []
        case .readingRequest(let reader):
            state = .readingRequest(reader)
            abortTransport()
        case .upgradePending(let pending):
            state = .upgradePending(pending)
            abortTransport()
        case .httpPending(let exchange):
            state = .httpPending(exchange)
            abortTransport()
        case .readingBody(let reader):
            state = .readingBody(reader)
            abortTransport()
        case .readingResponse(let driver):
            state = .readingResponse(driver)
            abortTransport()
        case .closing(let connection):
            state = .closing(connection)
        case .closed(let connection):
            state = .closed(connection)
        case .ended:
            state = .ended
        }
    }
}
