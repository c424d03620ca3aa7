import Testing
@testable import WebSocketIO

@Suite("Metrics: the Prometheus text format", .timeLimit(.minutes(1)))
struct PrometheusExpositionTests {
    @Test("WS-METRICS-FORMAT: HELP and TYPE lines, samples with labels, a histogram's cumulative buckets, +Inf, _sum and _count")
    func format() {
        var exposition = PrometheusExposition()
        exposition.family("demo_requests_total", .counter, help: "Requests.\nSecond line with a \\ backslash.")
        exposition.sample("demo_requests_total", [("code", "200"), ("method", "GET")], 7)
        exposition.sample("demo_requests_total", [("code", "500"), ("method", "GET")], 0)
        exposition.family("demo_temperature", .gauge, help: "A gauge.")
        exposition.sample("demo_temperature", [], -1.5)
        exposition.family("demo_lag_seconds", .histogram, help: "A histogram.")
        exposition.histogram(
            "demo_lag_seconds", [("loop", "0")], upperBounds: [0.0005, 0.25, 1], cumulativeCounts: [1, 3, 3, 4], sum: 2.75)
        #expect(exposition.text == """
            # HELP demo_requests_total Requests.\\nSecond line with a \\\\ backslash.
            # TYPE demo_requests_total counter
            demo_requests_total{code="200",method="GET"} 7
            demo_requests_total{code="500",method="GET"} 0
            # HELP demo_temperature A gauge.
            # TYPE demo_temperature gauge
            demo_temperature -1.5
            # HELP demo_lag_seconds A histogram.
            # TYPE demo_lag_seconds histogram
            demo_lag_seconds_bucket{loop="0",le="0.0005"} 1
            demo_lag_seconds_bucket{loop="0",le="0.25"} 3
            demo_lag_seconds_bucket{loop="0",le="1"} 3
            demo_lag_seconds_bucket{loop="0",le="+Inf"} 4
            demo_lag_seconds_sum{loop="0"} 2.75
            demo_lag_seconds_count{loop="0"} 4

            """)
        #expect(PrometheusExposition.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(PrometheusExposition.format(.infinity) == "+Inf")
        #expect(PrometheusExposition.format(-.infinity) == "-Inf")
        #expect(PrometheusExposition.format(.nan) == "NaN")
        #expect(PrometheusExposition.format(42) == "42")
        #expect(PrometheusExposition.isValidName("websocket_connections_total") && PrometheusExposition.isValidName("a:b"))
        #expect(!PrometheusExposition.isValidName("9lives") && !PrometheusExposition.isValidName("a-b") && !PrometheusExposition.isValidName(""))
        #expect(PrometheusExposition.isValidLabelName("room") && !PrometheusExposition.isValidLabelName("a:b"))
    }

    @Test("WS-METRICS-FORMAT: every counter a server writes ends in _total, and no other family does")
    func counterNames() async throws {
        try await MetricsWorkload.run { workload in
            let text = workload.server.server.metricsText(including: workload.hub)
            let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ") }
            #expect(types.count > 20)
            for type in types {
                #expect(type[2].hasSuffix("_total") == (type[3] == "counter"), "\(type.joined(separator: " "))")
            }
            // Each family once, and every line ends with a line feed.
            #expect(Set(types.map { $0[2] }).count == types.count)
            #expect(text.hasSuffix("\n"))
        }
    }

    @Test("WS-METRICS-LABEL-ESCAPE: backslash, double quote and line feed are escaped in label values; other UTF-8 is kept")
    func labelEscape() async throws {
        #expect(PrometheusExposition.escapeLabelValue(#"a\b"c"# + "\nd é") == #"a\\b\"c\nd é"#)
        #expect(PrometheusExposition.escapeLabelValue("plain") == "plain")
        #expect(PrometheusExposition.escapeHelp("a\\b\n\"c\"") == #"a\\b\n"c""#)
        try await MetricsWorkload.run { workload in
            let text = workload.server.server.metricsText(including: workload.hub)
            #expect(text.contains(#"websocket_hub_deliveries_total{room="we\\ird \"room\"\nline 2 é"} 1"# + "\n"))
        }
    }
}
