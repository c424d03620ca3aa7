/// Performing the session's actions: writes, the one timer, reading paused or resumed, the stream closed or
/// dropped, and events handed to the delegate, the counters and the log.
extension WebSocketChannel {
    /// The monotonic clock the session's instants are read from.
    static var now: SessionInstant { SessionInstant(ContinuousClock.now - clockOrigin) }

    /// Performs the session's actions until it has none (once: a call made while performing is picked up by the
    /// pass under way).
    func perform() {
        guard !performing else { return }
        performing = true
        defer {
            performing = false
            if let metrics { reportTraffic(to: metrics) }
            if transportGone && !released {
                released = true
                releaseAfterClose()
            }
        }
        while let action = session.nextAction() {
            switch consume action {
            case .write(let chunks):
                write(chunks)
            case .deliver(let event):
                // Counted before the application sees it, so a reader that got the message finds it counted.
                if let metrics { reportTraffic(to: metrics) }
                deliver(event)
            case .setTimer(let deadline):
                timer?.cancel()
                timer = deadline.map { deadline in
                    stream.scheduleTask(in: deadline - Self.now) { [weak self] in
                        guard let self else { return }
                        self.timer = nil
                        self.session.timerFired(now: Self.now)
                        self.perform()
                    }
                }
            case .pauseReading:
                stream.pauseReading()
            case .resumeReading:
                stream.resumeReading()
            case .closeTransport:
                stream.close()
            case .abortTransport:
                stream.abort()
            }
        }
    }

    /// Adds to `metrics` what the session carried since the last report (nothing when nothing moved): a handful of
    /// relaxed atomic additions before each event handed to the application and at the end of a pass.
    private func reportTraffic(to metrics: WebSocketMetrics) {
        let traffic = session.takeTraffic()
        guard traffic != ConnectionTraffic() else { return }
        metrics.add(traffic)
    }

    /// After the application queued data: performs the session's actions, or, while they are being performed (a send
    /// from a delegate callback), writes at once when a burst has piled up (64 KiB or more), so that the stream's
    /// writability, which the sender watches, follows what was sent. Smaller replies leave in one write at the end of
    /// the pass.
    func performAfterSend() {
        guard performing else { return perform() }
        guard session.pendingOutboundBytes >= 64 << 10 else { return }
        write(session.takeWrites())
    }

    private func write(_ chunks: [[UInt8]]) {
        for chunk in chunks where !chunk.isEmpty {
            metrics?.bytesSent(chunk.count)
            stream.write(chunk)
        }
    }

    private func deliver(_ event: consuming SessionEvent) {
        switch consume event {
        case .message(let message):
            delegate?.webSocket(self, didReceive: message)
        case .messageChunk(let chunk):
            delegate?.webSocket(self, didReceive: chunk)
        case .ping(let payload):
            delegate?.webSocket(self, didReceivePing: payload)
        case .pong(let payload):
            delegate?.webSocket(self, didReceivePong: payload)
        case .pingsAnswered(let token):
            let answered = pongWaiters.keys.filter { $0 <= token }.sorted()
            for key in answered { pongWaiters.removeValue(forKey: key)?(true) }
        case .upgradeRequested(let request):
            guard let server else { return }
            switch server.decideUpgrade {
            case .immediate(let decide):
                apply(decide(request))
            case .suspending(let decide):
                applicationTask = Task { [self] in
                    let decision = await decide(request)
                    eventLoop.execute { [self] in
                        applicationTask = nil
                        apply(decision)
                        perform()
                    }
                }
            }
        case .httpRequest(let request):
            guard let handle = server?.handleHTTP else { return }
            // The server's hooks stay: a persistent connection's next request may be another or an upgrade.
            applicationTask = Task { [self] in
                let answer = await handle(request)
                eventLoop.execute { [self] in
                    applicationTask = nil
                    guard session.isAwaitingHTTPAnswer else { return }
                    metrics?.handshakeRejected("http-\(answer.safe.status)")
                    try? session.respond(answer, now: Self.now)
                    perform()
                }
            }
        case .opened:
            metrics?.connectionOpened()
            logger?(.info, "\(describe()) opened \(request?.path ?? "")")
            delegate?.webSocketDidOpen(self)
            if let completion = clientCompletion {
                clientCompletion = nil
                completion(.success(self))
            }
        case .handshakeFailed(let failure):
            server = nil
            handshakeFailed(failure)
        case .writabilityChanged(let isWritable):
            for observer in observers.values { observer.channelWritabilityChanged(self, isWritable: isWritable) }
            delegate?.webSocket(self, writabilityChanged: isWritable)
        case .notice(let notice):
            noticed(notice)
        case .closed(let closure):
            closeCode = closure.code
            closeReason = closure.reason
            if let metrics {
                reportTraffic(to: metrics)
                metrics.connectionClosed(closure)
            }
            logger?(.info, "\(describe()) closed \(closure.code)")
            delegate?.webSocketDidClose(self, code: closure.code, reason: closure.reason)
        }
    }

    /// Answers the pending upgrade request, unless it no longer waits (the handshake timed out or the peer left
    /// while a suspending decision ran): then the decision is dropped and no delegate is made.
    private func apply(_ decision: UpgradeDecision) {
        guard session.isAwaitingUpgradeDecision, let server else { return }
        self.server = nil
        switch decision {
        case .accept(let response):
            delegate = server.makeDelegate(self)
            try? session.accept(response, now: Self.now)
        case .reject(let status, let reason, let body, let headers):
            try? session.reject(status: status, reason: reason, body: body, headers: headers, now: Self.now)
        }
    }

    private func handshakeFailed(_ failure: SessionHandshakeFailure) {
        switch failure {
        case .rejected(let rejection):
            metrics?.handshakeRejected("status-\(rejection.status)")
            logger?(.info, "\(describe()) handshake rejected: \(rejection)")
        case .rejectedByApplication(let status):
            metrics?.handshakeRejected("application-\(status)")
        case .httpRequestRefused(let error):
            metrics?.handshakeRejected("http-\(error.status)")
            logger?(.info, "\(describe()) HTTP request refused: \(error)")
        case .timedOut:
            metrics?.handshakeRejected("timeout")
            logger?(.info, "\(describe()) handshake timed out")
        case .client, .transportClosed:
            break
        }
        guard let completion = clientCompletion else { return }
        switch failure {
        case .client(let failure):
            clientCompletion = nil
            completion(.failure(.handshake(failure)))
        case .timedOut:
            clientCompletion = nil
            completion(.failure(.handshakeTimeout))
        default:
            break  // Reported as closedDuringHandshake when the transport is gone.
        }
    }

    private func noticed(_ notice: SessionNotice) {
        switch notice {
        case .protocolViolation:
            logger?(.warning, "\(describe()) \(notice)")
        case .keepaliveTimedOut:
            metrics?.keepaliveTimedOut()
            logger?(.warning, "\(describe()) \(notice)")
        case .writeStalled:
            metrics?.writeStalled()
            logger?(.warning, "\(describe()) \(notice): \(stream.bufferedOutboundBytes) bytes unread")
        case .extensionMemoryReleased:
            metrics?.extensionMemoryReleased()
        case .idleTimedOut, .closeTimedOut:
            logger?(.info, "\(describe()) \(notice)")
        }
    }

    private func describe() -> String {
        "\(role == .server ? "server" : "client") \(stream.remoteAddress.map { "\($0)" } ?? "?")"
    }
}

/// The origin of the sessions' instants: the first time a channel read the clock.
private let clockOrigin = ContinuousClock.now
