extension PrometheusExposition {
    /// Appends `websocket_event_loop_lag_seconds`, a histogram per event loop (label `loop`, its index): how late
    /// each loop ran its lag probe's timer (`EventLoopLagProbe`, `WS-METRICS-LOOP-LAG`). Nothing when `loops`
    /// is empty.
    public mutating func append(eventLoopLag loops: [EventLoopLagHistogram.Snapshot]) {
        guard !loops.isEmpty else { return }
        let name = "websocket_event_loop_lag_seconds"
        family(name, .histogram, help: "How late each event loop ran a timer that was due (its lag probe's), in seconds.")
        let bounds = EventLoopLagHistogram.bucketBounds.map { Double($0) / 1e9 }
        for (index, loop) in loops.enumerated() {
            histogram(
                name, [("loop", String(index))], upperBounds: bounds, cumulativeCounts: loop.cumulativeCounts,
                sum: Double(loop.sumNanoseconds) / 1e9)
        }
    }
}
