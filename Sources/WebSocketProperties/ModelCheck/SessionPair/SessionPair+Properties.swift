extension SessionPair {
    func violate(_ property: ModelProperty, _ message: String) {
        violations.append(ModelViolation(property: property, moves: moves, message: message))
        log?.append("   VIOLATION \(property): \(message)")
    }

    /// The properties checked in every state: codes agree, clean closes, no deadlock.
    func checkSafety() {
        let clientClosure = client.session.closure
        let serverClosure = server.session.closure
        for (mine, theirs, side) in [(clientClosure, serverClosure, ModelSide.client), (serverClosure, clientClosure, .server)] {
            if let mine, mine.wasClean, mine.sent == nil || mine.received == nil {
                violate(.cleanClose, "the \(side)'s closure is clean but sent \(Self.describe(mine.sent)), received \(Self.describe(mine.received))")
            }
            if let received = mine?.received, let theirs, theirs.sent != received {
                violate(.codesAgree, "the \(side) received \(Self.describe(received)) but the \(side.peer) sent \(Self.describe(theirs.sent))")
            }
        }
        if !bothFinished && !hasNetworkMove {
            violate(.noDeadlock, "nothing in flight, no transport close due and no timer armed, but not finished: \(stateSummary)")
        }
    }

    /// The check of a state with no move left: both sides finished, each told how exactly once.
    func checkFinished() {
        for endpoint in [client, server] {
            let side = endpoint.side
            guard endpoint.isFinished else {
                violate(.closes, "the \(side) did not finish: \(stateSummary)")
                continue
            }
            let told = endpoint.opened ? endpoint.closedCount : endpoint.handshakeFailedCount
            if told != 1 || endpoint.closedCount + endpoint.handshakeFailedCount != 1 {
                violate(.closes, "the \(side) delivered closed \(endpoint.closedCount)×, handshakeFailed \(endpoint.handshakeFailedCount)× (opened: \(endpoint.opened))")
            }
        }
    }

    /// Timeouts fired on both sides so far.
    var timeoutsFired: Int { client.timeouts + server.timeouts }

    /// Records a violation found by the checker (the completion's).
    func recordViolation(_ property: ModelProperty, _ message: String) {
        violate(property, message)
    }

    /// The completion's next move: the client's application closes an open connection, the network delivers what
    /// is in flight, the server's application closes, then the earliest timer fires; nil when nothing is left.
    func completionMove() -> ModelMove? {
        if client.session.phase == .open && !client.closeUsed && !client.transportGone { return .close(.client) }
        for side in ModelSide.allCases where self.endpoint(side).transportClosePending { return .transportClosed(side) }
        for side in ModelSide.allCases where canDeliver(to: side) { return .deliver(to: side) }
        if server.session.phase == .open && !server.closeUsed && !server.transportGone { return .close(.server) }
        let timers = [client, server].filter { $0.timer != nil && !$0.transportGone }
        if let earliest = timers.min(by: { $0.timer! < $1.timer! }) { return .fireTimer(earliest.side) }
        return nil
    }
}
