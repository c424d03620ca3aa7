extension SessionPair {
    /// The moves enabled now, in a fixed order.
    public var enabledMoves: [ModelMove] {
        var moves = networkMoves
        for side in ModelSide.allCases {
            let endpoint = self.endpoint(side)
            guard endpoint.session.phase == .open, !endpoint.transportGone else { continue }
            if !endpoint.closeUsed { moves.append(.close(side)) }
            if messagesSent < configuration.messages { moves.append(.send(side)) }
            if pingsSent < configuration.pings { moves.append(.ping(side)) }
        }
        if faultsUsed < configuration.faults && !connectionDown {
            if !bothFinished { moves.append(.loss) }
            for side in ModelSide.allCases {
                let endpoint = self.endpoint(side)
                if !endpoint.peerEndpoint(in: self).sentFIN && !endpoint.transportGone { moves.append(.endOfStream(to: side)) }
            }
        }
        return moves
    }

    /// The moves that need no application and no fault: deliveries, transport closes, timers.
    public var networkMoves: [ModelMove] {
        var moves: [ModelMove] = []
        for side in ModelSide.allCases where canDeliver(to: side) { moves.append(.deliver(to: side)) }
        for side in ModelSide.allCases where self.endpoint(side).transportClosePending { moves.append(.transportClosed(side)) }
        for side in ModelSide.allCases {
            let endpoint = self.endpoint(side)
            if endpoint.timer != nil && !endpoint.transportGone { moves.append(.fireTimer(side)) }
        }
        return moves
    }

    /// True when `networkMoves` is not empty.
    var hasNetworkMove: Bool {
        for endpoint in [client, server] {
            if canDeliver(to: endpoint.side) || endpoint.transportClosePending { return true }
            if endpoint.timer != nil && !endpoint.transportGone { return true }
        }
        return false
    }

    func canDeliver(to side: ModelSide) -> Bool {
        let endpoint = self.endpoint(side)
        return !inFlight[side.rawValue].isEmpty && !endpoint.readingPaused && !endpoint.transportGone
    }

    /// Applies `move` (ignored when not enabled) and performs every action it causes.
    public func apply(_ move: ModelMove) {
        guard enabledMoves.contains(move) else {
            log?.append("\(moves.count + 1). \(move.token): not enabled, skipped")
            return
        }
        applyEnabled(move)
    }

    /// Applies `move`, one of `enabledMoves` (the checker's moves are).
    func applyEnabled(_ move: ModelMove) {
        moves.append(move)
        log?.append("\(moves.count). \(move.token) (\(move)) at \(now)")
        switch move {
        case .deliver(let side):
            let endpoint = self.endpoint(side)
            let segment = inFlight[side.rawValue].removeFirst()
            switch segment {
            case .bytes(let bytes):
                endpoint.recordInput(0, now, bytes: bytes)
                bytes.withUnsafeBytes { endpoint.session.receive($0, now: now) }
            case .fin:
                endpoint.recordInput(1, now)
                endpoint.gotFIN = true
                endpoint.session.endOfStream(now: now)
            }
            drain(endpoint)
        case .transportClosed(let side):
            let endpoint = self.endpoint(side)
            endpoint.recordInput(2, now)
            endpoint.transportClosePending = false
            endpoint.transportGone = true
            inFlight[side.rawValue] = []
            endpoint.session.transportClosed(now: now)
            drain(endpoint)
        case .fireTimer(let side):
            let endpoint = self.endpoint(side)
            if let instant = endpoint.timer, instant > now {
                now = instant
                log?.append("   clock: \(now)")
            }
            endpoint.timer = nil
            endpoint.recordInput(3, now)
            endpoint.session.timerFired(now: now)
            drain(endpoint)
        case .close(let side):
            let endpoint = self.endpoint(side)
            endpoint.closeUsed = true
            endpoint.recordInput(4, now)
            let code = side == .client ? configuration.clientCloseCode : configuration.serverCloseCode
            do { try endpoint.session.close(code: code, reason: "", now: now) } catch {
                log?.append("   \(side): close threw \(error)")
            }
            drain(endpoint)
        case .send(let side):
            let endpoint = self.endpoint(side)
            messagesSent += 1
            endpoint.recordInput(5, now)
            try? endpoint.session.send(.text("m\(messagesSent)"))
            drain(endpoint)
        case .ping(let side):
            let endpoint = self.endpoint(side)
            pingsSent += 1
            endpoint.recordInput(6, now)
            _ = try? endpoint.session.ping([0x70, UInt8(truncatingIfNeeded: pingsSent)], tracked: true)
            drain(endpoint)
        case .loss:
            faultsUsed += 1
            connectionDown = true
        case .endOfStream(let side):
            faultsUsed += 1
            self.endpoint(side.peer).sentFIN = true
            inFlight[side.rawValue].append(.fin)
        }
        updateTransports()
        checkSafety()
    }

    /// Marks `transportClosed` due for a side whose connection is down or whose FINs were exchanged both ways.
    func updateTransports() {
        if connectionDown { inFlight = [[], []] }
        for endpoint in [client, server] where !endpoint.transportGone && !endpoint.transportClosePending {
            if connectionDown || (endpoint.sentFIN && endpoint.gotFIN) {
                endpoint.transportClosePending = true
                log?.append("   \(endpoint.side): transportClosed is due")
            }
        }
    }
}
