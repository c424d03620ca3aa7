extension WebSocketServer {
    /// How late each event loop ran its lag probe's timer, by loop index (empty when
    /// `WebSocketConfiguration.eventLoopLagProbeInterval` is nil).
    public var eventLoopLag: [EventLoopLagHistogram.Snapshot] {
        lagProbe?.histograms.map(\.snapshot) ?? []
    }

    /// The server's metrics in the Prometheus text format 0.0.4 (`PrometheusExposition`, `Spec/metrics.md`): its
    /// counters, its loops' lag and, when given, a broadcast hub's rooms. Serve it with
    /// `PrometheusExposition.contentType`, e.g. from `handleHTTP` for `GET /metrics`.
    public func metricsText(including hub: BroadcastHub? = nil) -> String {
        var exposition = PrometheusExposition()
        exposition.append(counters)
        exposition.append(eventLoopLag: eventLoopLag)
        if let hub { exposition.append(hub) }
        return exposition.text
    }
}
