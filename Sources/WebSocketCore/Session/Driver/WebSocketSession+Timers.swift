extension WebSocketSession {
    /// The session's timer fired (at or after the instant of the last `setTimer`): applies every rule whose
    /// deadline has passed.
    public func timerFired(now: SessionInstant) {
        self.now = now
        if let deadline = deadlines.handshake, deadline <= now {
            deadlines.handshake = nil
            if phase == .handshaking {
                deliver(.handshakeFailed(.timedOut))
                abortTransport()
            }
        }
        if let deadline = deadlines.httpBody, deadline <= now {
            deadlines.httpBody = nil
            if let current = state.take() {
                switch consume current {
                case .readingBody: refuse(.bodyTimedOut)
                case let other: state = consume other
                }
            }
        }
        if let deadline = deadlines.keepAlive, deadline <= now {
            deadlines.keepAlive = nil
            keepAliveExpired()
        }
        if let deadline = deadlines.close, deadline <= now {
            deadlines.close = nil
            deliver(.notice(.closeTimedOut))
            abortTransport()
        }
        if let deadline = deadlines.writeStall, deadline <= now, let stall = configuration.writeStallTimeout {
            deadlines.writeStall = nil
            deliver(.notice(.writeStalled(stall)))
            abortTransport()
        }
        if let deadline = deadlines.pong, deadline <= now, let keepalive = configuration.keepalive {
            deadlines.pong = nil
            deliver(.notice(.keepaliveTimedOut(keepalive.timeout)))
            startClose((try? ClosePayload(code: .internalError, reason: "keepalive ping timeout")) ?? .normal)
        }
        if let deadline = deadlines.nextPing, deadline <= now { sendKeepalivePing() }
        if let deadline = deadlines.idleCheck, deadline <= now { checkIdle() }
        if let deadline = deadlines.extensionIdle, deadline <= now { extensionIdleTick() }
    }

    /// Keepalive: a ping now and every `interval`; the pong deadline runs from the oldest unanswered ping (re-arming
    /// it per ping would let a dead peer live forever), and any pong clears it.
    private func sendKeepalivePing() {
        guard let keepalive = configuration.keepalive, let machine = openMachine else {
            deadlines.nextPing = nil
            return
        }
        keepaliveCounter &+= 1
        let payload = withUnsafeBytes(of: keepaliveCounter.bigEndian) { Array($0) }
        try? machine.sendControl(.ping, payload: payload)
        if deadlines.pong == nil { deadlines.pong = now + keepalive.timeout }
        deadlines.nextPing = now + keepalive.interval
    }

    /// Idle timeout: closes with 1001 when nothing arrived for `idleTimeout`, else checks again when it would.
    private func checkIdle() {
        guard let idle = configuration.idleTimeout, phase == .open else {
            deadlines.idleCheck = nil
            return
        }
        let quiet = now - lastActivity
        if quiet >= idle {
            deadlines.idleCheck = nil
            deliver(.notice(.idleTimedOut(idle)))
            startClose((try? ClosePayload(code: .goingAway, reason: "idle timeout")) ?? .normal)
        } else {
            deadlines.idleCheck = lastActivity + idle
        }
    }

    /// Every `extensionIdleMemoryRelease`: releases the extensions' idle memory when no message went either way
    /// since the last check, once per quiet spell (`WS-EXTENSION-IDLE-TIMER`).
    func extensionIdleTick() {
        guard let period = configuration.extensionIdleMemoryRelease, let machine = openMachine else {
            deadlines.extensionIdle = nil
            return
        }
        deadlines.extensionIdle = now + period
        if messageActivity != activityAtLastIdleTick {
            activityAtLastIdleTick = messageActivity
            extensionMemoryReleased = false
        } else if !extensionMemoryReleased {
            guard !machine.isReceivingMessage, !machine.isSendingFragmented else { return }
            for ext in machine.extensions { ext.releaseIdleMemory() }
            extensionMemoryReleased = true
            deliver(.notice(.extensionMemoryReleased))
        }
    }
}
