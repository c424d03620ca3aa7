import Synchronization
import WebSocketIO

/// `ws serve`'s metrics endpoint: `GET /metrics` (or `--metrics-path PATH`) answers the server's counters, its
/// loops' lag and, in broadcast mode, the hub's rooms in the Prometheus text format 0.0.4
/// (`WebSocketServer.metricsText(including:)`, `WS-METRICS-ENDPOINT`). On by default; `--no-metrics` turns it off.
final class ServeMetricsEndpoint: Sendable {
    /// Options that take a value.
    static let valueOptions: Set<String> = ["metrics-path"]
    /// Options without a value.
    static let flagOptions: Set<String> = ["metrics", "no-metrics"]

    /// The usage lines.
    static let usage = """
          Metrics: GET /metrics answers the server's counters in the Prometheus text format 0.0.4 (connections,
          handshakes, messages and bytes by type, close codes, compression, event-loop lag, broadcast rooms);
          --metrics-path PATH serves them elsewhere, --no-metrics not at all (--metrics: on, the default).
      """

    /// Where the metrics are served; nil when they are off.
    let path: String?
    private let source = Mutex<(server: WebSocketServer, hub: BroadcastHub?)?>(nil)

    /// Reads `--metrics`, `--no-metrics` and `--metrics-path`.
    init(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) {
        if options.flag("no-metrics") && (options.flag("metrics") || options.value("metrics-path") != nil) {
            throw CommandLineArguments.ParseError(description: "--no-metrics excludes --metrics and --metrics-path")
        }
        guard !options.flag("no-metrics") else {
            path = nil
            return
        }
        let path = options.value("metrics-path") ?? "/metrics"
        guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#"),
            path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw CommandLineArguments.ParseError(
                description: "--metrics-path is a path such as /metrics: starts with /, printable ASCII, no ? or #")
        }
        self.path = path
    }

    /// Starts answering with `server`'s metrics (and `hub`'s rooms, when given).
    func attach(_ server: WebSocketServer, hub: BroadcastHub?) {
        source.withLock { $0 = (server, hub) }
    }

    /// The answer to a request for the metrics path (`GET` only: 405 otherwise); nil for any other path.
    func answer(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard let path, head.path == path else { return nil }
        guard head.method == "GET" else {
            return HTTPResponse(
                status: 405, reason: "Method Not Allowed", headers: ["Allow": "GET", "Content-Type": "text/plain; charset=utf-8"],
                body: Array("GET only\n".utf8))
        }
        guard let (server, hub) = source.withLock({ $0 }) else {
            return HTTPResponse(status: 503, reason: "Service Unavailable", body: Array("starting\n".utf8))
        }
        return HTTPResponse(
            status: 200, reason: "OK",
            headers: ["Content-Type": PrometheusExposition.contentType, "Cache-Control": "no-store"],
            body: Array(server.metricsText(including: hub).utf8))
    }
}
