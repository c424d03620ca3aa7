extension SessionPair {
    /// Performs every action `endpoint`'s session has.
    func drain(_ endpoint: ModelEndpoint) {
        while let action = endpoint.session.nextAction() { perform(action, endpoint) }
    }

    func perform(_ action: SessionAction, _ endpoint: ModelEndpoint) {
        let side = endpoint.side
        switch action {
        case .write(let chunks):
            var bytes: [UInt8] = []
            for chunk in chunks { bytes += chunk }
            guard !bytes.isEmpty else { return }
            endpoint.bytesWritten += bytes.count
            if endpoint.closeRequested || endpoint.abortRequested || endpoint.transportGone {
                violate(.quietAfterClose, "the \(side) wrote \(bytes.count) bytes after it asked to close or drop its transport, or after it was gone")
            }
            if connectionDown || endpoint.sentFIN || endpoint.transportGone || self.endpoint(side.peer).transportGone {
                log?.append("   \(side): write \(bytes.count) bytes (lost)")
            } else {
                inFlight[side.peer.rawValue].append(.bytes(bytes))
                log?.append("   \(side): write \(bytes.count) bytes")
            }
        case .deliver(let event):
            log?.append("   \(side): deliver \(Self.describe(event))")
            deliver(event, endpoint)
        case .setTimer(let instant):
            endpoint.timer = instant
            log?.append("   \(side): setTimer \(instant.map { "\($0)" } ?? "nil")")
        case .pauseReading:
            endpoint.readingPaused = true
            log?.append("   \(side): pauseReading")
        case .resumeReading:
            endpoint.readingPaused = false
            log?.append("   \(side): resumeReading")
        case .closeTransport:
            log?.append("   \(side): closeTransport")
            if endpoint.abortRequested || endpoint.transportGone {
                violate(.quietAfterClose, "the \(side) asked to close a transport it had dropped or that was gone")
            }
            endpoint.closeRequested = true
            if !endpoint.sentFIN && !connectionDown && !endpoint.transportGone {
                endpoint.sentFIN = true
                inFlight[side.peer.rawValue].append(.fin)
            }
            updateTransports()
        case .abortTransport:
            log?.append("   \(side): abortTransport")
            endpoint.abortRequested = true
            if !endpoint.transportGone { connectionDown = true }
            updateTransports()
        }
    }

    func deliver(_ event: SessionEvent, _ endpoint: ModelEndpoint) {
        let side = endpoint.side
        if endpoint.closedCount > 0 {
            violate(.closedLast, "the \(side) delivered \(Self.describe(event)) after closed")
        } else if endpoint.handshakeFailedCount > 0 {
            violate(.closedLast, "the \(side) delivered \(Self.describe(event)) after handshakeFailed")
        }
        switch event {
        case .upgradeRequested:
            do { try endpoint.session.accept(now: now) } catch { log?.append("   \(side): accept threw \(error)") }
        case .opened:
            endpoint.opened = true
        case .handshakeFailed(let failure):
            endpoint.handshakeFailedCount += 1
            if case .timedOut = failure { endpoint.timeouts += 1 }
            if endpoint.opened { violate(.closedLast, "the \(side) delivered handshakeFailed after opened") }
        case .closed:
            endpoint.closedCount += 1
            if !endpoint.opened { violate(.closedLast, "the \(side) delivered closed without opened") }
        case .message(let message):
            endpoint.eventCounts[0] += 1
            if side == .server && configuration.serverEchoes { try? endpoint.session.send(message) }
        case .ping: endpoint.eventCounts[1] += 1
        case .pong: endpoint.eventCounts[2] += 1
        case .pingsAnswered: endpoint.eventCounts[3] += 1
        case .notice(let notice):
            endpoint.eventCounts[4] += 1
            switch notice {
            case .closeTimedOut, .keepaliveTimedOut: endpoint.timeouts += 1
            default: break
            }
        case .messageChunk(let chunk):
            if chunk.isFinal { endpoint.eventCounts[0] += 1 }  // The model check runs with whole messages.
        case .httpRequest, .writabilityChanged: break
        }
    }
}
