extension SessionPair {
    /// A hash of the state as seen from outside the sessions (phases, closures, timers relative to now, transport
    /// flags, delivered-event counts, bytes in flight, budgets): merges states that differ only in the absolute time
    /// or in the order of independent moves. A heuristic: hidden deadlines are not part of it.
    var observableFingerprint: Int {
        var hasher = Hasher()
        client.hashObservable(into: &hasher, now: now)
        server.hashObservable(into: &hasher, now: now)
        hashNetwork(into: &hasher)
        return hasher.finalize()
    }

    /// A hash of each side's inputs with their instants (which determine the session's state exactly), the clock
    /// and the network: merges only states whose futures are the same.
    var exactFingerprint: Int {
        var hasher = Hasher()
        hasher.combine(now)
        for endpoint in [client, server] {
            hasher.combine(endpoint.inputDigest)
            hasher.combine(endpoint.timer)
            hasher.combine(endpoint.readingPaused)
            hasher.combine(endpoint.sentFIN)
            hasher.combine(endpoint.gotFIN)
            hasher.combine(endpoint.transportClosePending)
            hasher.combine(endpoint.transportGone)
            hasher.combine(endpoint.closeUsed)
        }
        hashNetwork(into: &hasher)
        return hasher.finalize()
    }

    func hashNetwork(into hasher: inout Hasher) {
        hasher.combine(inFlight)
        hasher.combine(connectionDown)
        hasher.combine(faultsUsed)
        hasher.combine(messagesSent)
        hasher.combine(pingsSent)
    }
}
