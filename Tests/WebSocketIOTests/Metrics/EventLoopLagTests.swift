import Foundation
import Testing
@testable import WebSocketIO

@Suite("Metrics: event-loop lag", .timeLimit(.minutes(1)))
struct EventLoopLagTests {
    @Test("WS-METRICS-LOOP-LAG: each loop's probe records how late its timer ran; a loop blocked for 300 ms records at least 250 ms")
    func blockedLoop() async throws {
        let server = try TestServer.echo(configuration: makeConfiguration { $0.eventLoopLagProbeInterval = .milliseconds(10) })
        try await withServer(server) { server in
            #expect(server.server.eventLoopLag.count == server.server.group.loops.count)
            try await eventually("every loop to record lags") { server.server.eventLoopLag.allSatisfy { $0.count > 0 } }
            let bound = try #require(EventLoopLagHistogram.bucketBounds.firstIndex(of: 250_000_000))
            @Sendable func slowLags(_ loop: Int) -> Int {
                let lag = server.server.eventLoopLag[loop]
                return lag.count - lag.cumulativeCounts[bound]
            }
            // Blocking the loop's thread is the point here: its probe's timer falls due meanwhile. (No bound is
            // checked on the other loop: on a loaded machine any loop may be 250 ms late.)
            let before = slowLags(0)
            server.server.group.loops[0].execute { usleep(300_000) }
            try await eventually("loop 0 to record a lag over 250 ms") { slowLags(0) > before }
            let lag = server.server.eventLoopLag[0]
            #expect(lag.sumNanoseconds >= 250_000_000)
            #expect(lag.cumulativeCounts.last == lag.count)
            try await server.expectStillServes()

            let text = server.server.metricsText()
            #expect(text.contains("# TYPE websocket_event_loop_lag_seconds histogram\n"))
            #expect(text.contains("websocket_event_loop_lag_seconds_bucket{loop=\"1\",le=\"+Inf\"} "))
            #expect(text.contains("websocket_event_loop_lag_seconds_count{loop=\"0\"} "))
        }
    }

    @Test("WS-METRICS-LOOP-LAG: no probe without an interval; a non-positive interval is a configuration error")
    func configuration() async throws {
        let server = try TestServer.echo(configuration: makeConfiguration { $0.eventLoopLagProbeInterval = nil })
        try await withServer(server) { server in
            #expect(server.server.eventLoopLag.isEmpty)
            #expect(!server.server.metricsText().contains("websocket_event_loop_lag_seconds"))
        }
        #expect(throws: ConfigurationError.self) {
            try makeConfiguration { $0.eventLoopLagProbeInterval = .zero }.validate()
        }
    }
}
