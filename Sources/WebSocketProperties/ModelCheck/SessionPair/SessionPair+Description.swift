extension SessionPair {
    /// Both sides' phases, timers and transports, and the segments in flight.
    public var stateSummary: String {
        func side(_ endpoint: ModelEndpoint) -> String {
            var words = ["\(endpoint.side) \(endpoint.session.phase)"]
            if let timer = endpoint.timer { words.append("timer \(timer)") }
            if endpoint.readingPaused { words.append("reading paused") }
            if endpoint.sentFIN { words.append("FIN sent") }
            if endpoint.gotFIN { words.append("FIN received") }
            if endpoint.transportClosePending { words.append("transportClosed due") }
            if endpoint.transportGone { words.append("transport gone") }
            return words.joined(separator: ", ")
        }
        let flight = "in flight to client \(inFlight[0].count), to server \(inFlight[1].count)"
        return "\(side(client)); \(side(server)); \(flight)\(connectionDown ? ", connection down" : "") at \(now)"
    }

    static func describe(_ payload: ClosePayload?) -> String {
        guard let payload else { return "no close" }
        return "close \(payload.code.map { "\($0.rawValue)" } ?? "(no code)") \"\(payload.reason)\""
    }

    static func describe(_ event: SessionEvent) -> String {
        switch event {
        case .upgradeRequested: "upgradeRequested"
        case .httpRequest: "httpRequest"
        case .opened: "opened"
        case .handshakeFailed(let failure): "handshakeFailed(\(failure))"
        case .message(let message): "message(\(message.bytes.count) bytes)"
        case .messageChunk(let chunk): "messageChunk(\(chunk.bytes.count) bytes, final: \(chunk.isFinal))"
        case .ping(let payload): "ping(\(payload))"
        case .pong(let payload): "pong(\(payload))"
        case .pingsAnswered(let token): "pingsAnswered(through: \(token))"
        case .writabilityChanged(let writable): "writabilityChanged(\(writable))"
        case .notice(let notice): "notice(\(notice))"
        case .closed(let closure):
            "closed(\(closure.code.rawValue), clean: \(closure.wasClean), sent: \(describe(closure.sent)), received: \(describe(closure.received)))"
        }
    }
}
