import Foundation

let benchSoakUsage = """
    usage: ws bench soak [--duration SECONDS] [--connections N] [--seed S] [--port P [--host H] [--server-pid PID]]
                         [--threads T] [--interval-ms MS] [--max-size BYTES] [--deflate-percent P]
                         [--deflate-max-size BYTES] [--server-max-message BYTES] [--probe-limit-ms MS]
                         [--warm-up SECONDS] [--settle SECONDS] [--rss-slack-mib MIB] [--slow-pause-ms MS] [--verbose]
      Holds N connections (default 1000) to an echo server for SECONDS (default 60) with mixed traffic: messages of
      0 B to --max-size (default 1 MiB; mostly small), text and binary, some fragmented, permessage-deflate on some
      connections; slow readers, ping floods, abrupt disconnects mid-frame (FIN or RST, then reconnect) and hostile
      input (bad frames, a bad handshake, decompression bombs), each with the close code Spec/errors.md names.
      Without --port it starts `ws serve --host 127.0.0.1 --port 0 --quiet` from its own executable (the server's
      defaults) and stops it with SIGTERM at the end; with --port it uses a running server (--server-pid: read its
      memory from /proc). --seed replays the same plan (printed at the start; default: from the clock).
      Fails (exit 1) when an echo is missing or altered, a hostile input gets another answer than expected, the
      probe (a small message every 100 ms) waits more than --probe-limit-ms (default 50) for an echo, the server
      dies, or its RSS with no connections after --settle seconds (default 5) exceeds its warm baseline by more than
      --rss-slack-mib (default 64). The warm baseline is read the same way after a warm-up phase of --warm-up
      seconds (default: a quarter of the run, at most 30), since the allocator keeps freed memory for reuse.
      --interval-ms: mean pause of a connection between messages (default 1000); --deflate-percent: connections
      that offer permessage-deflate (default 30; the deflate hostile inputs always do); --deflate-max-size: the
      largest message on those (default 64 KiB: the server compresses on its event loop, ~100 ms per MiB at
      level 6, which stalls every connection of that loop); --server-max-message: the server's message limit,
      which a decompression bomb exceeds (default 16777216, ws serve's default). --verbose: failures as they
      happen, slow probe echoes and hostile answers with timestamps.
    """

/// The settings of one soak run (`ws bench soak`), from the command line or a test.
struct SoakOptions: Sendable {
    /// The server's host.
    var host = "127.0.0.1"
    /// The server's port; nil: the command starts a `ws serve` of its own.
    var port: Int?
    /// The process whose memory is measured (the spawned server's when the command starts one).
    var serverPID: Int32?
    /// Connections held at a time (the probe not included).
    var connections = 1000
    /// How long the traffic runs, in seconds.
    var duration = 60.0
    /// The seed of the plan.
    var seed: UInt64 = 1
    /// Event loop threads of the load (the probe has one of its own).
    var threads = 2
    /// Mean pause of one connection between two messages, in milliseconds (each pause is uniform in 0...2x).
    var intervalMilliseconds = 1000
    /// Percent of connections that offer permessage-deflate.
    var deflatePercent = 30
    /// The largest message a well-behaved client sends.
    var maximumMessageSize = 1 << 20
    /// The largest message a well-behaved client sends on a compressed connection. The server compresses an echo
    /// on its event loop, at about 10 MB/s for level 6 (`ws bench deflate`): a 1 MiB message holds the loop, and
    /// every connection on it, for about 100 ms, past the probe's limit (see Spec/soak.md).
    var maximumDeflateMessageSize = 64 << 10
    /// The server's message limit (after decompression): the decompression bomb inflates past it.
    var serverMaximumMessageSize = 16 << 20
    /// The probe's period, in milliseconds.
    var probeIntervalMilliseconds = 100
    /// The longest wait for a probe echo that passes, in milliseconds.
    var probeLimitMilliseconds = 50
    /// The longest pause of a slow reader, in milliseconds.
    var slowPauseMilliseconds = 3000
    /// Seconds of traffic before the quiet point where the server's warm memory baseline is read (at most half the
    /// duration; only when the memory is measured).
    var warmUpSeconds = 30.0
    /// Seconds between closing the last connection and measuring the server's memory.
    var settleSeconds = 5.0
    /// How far above its baseline the server's RSS may stay after the run.
    var rssSlackBytes = 64 << 20
    /// How long the connections are opened over at the start, in seconds.
    var rampSeconds: Double { min(5, max(0.2, duration / 10)) }
    /// After the deadline, how long a connection may wait for its outstanding echoes.
    var drainTimeout: Duration = .seconds(30)
    /// How long a raw (hostile or disconnecting) connection may take to be answered.
    var rawTimeout: Duration = .seconds(15)
    /// Prints every failure as it happens (not only the first ones in the summary).
    var verbose = false

    /// Reads the options of `ws bench soak` (the words after `soak`).
    init(arguments: [String]) throws(CommandLineArguments.ParseError) {
        let options = try CommandLineArguments(
            arguments,
            valueOptions: [
                "host", "port", "server-pid", "connections", "duration", "seed", "threads", "interval-ms", "max-size",
                "server-max-message", "probe-limit-ms", "deflate-percent", "deflate-max-size", "warm-up", "settle",
                "rss-slack-mib", "slow-pause-ms",
            ],
            flagOptions: ["verbose"])
        guard options.positional.isEmpty else {
            throw CommandLineArguments.ParseError(description: "unexpected argument \(options.positional[0])")
        }
        host = options.value("host") ?? host
        port = try options.int("port")
        if let pid = try options.int("server-pid") { serverPID = Int32(clamping: pid) }
        connections = try options.int("connections") ?? connections
        if let text = options.value("duration") {
            guard let value = Double(text), value > 0 else {
                throw CommandLineArguments.ParseError(description: "--duration needs a positive number of seconds")
            }
            duration = value
        }
        seed = try options.uint64("seed") ?? UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds ^ UInt64(getpid()))
        threads = max(1, try options.int("threads") ?? threads)
        intervalMilliseconds = try options.int("interval-ms") ?? intervalMilliseconds
        maximumMessageSize = try options.int("max-size") ?? maximumMessageSize
        deflatePercent = min(100, try options.int("deflate-percent") ?? deflatePercent)
        maximumDeflateMessageSize = try options.int("deflate-max-size") ?? min(maximumDeflateMessageSize, maximumMessageSize)
        serverMaximumMessageSize = try options.int("server-max-message") ?? serverMaximumMessageSize
        probeLimitMilliseconds = try options.int("probe-limit-ms") ?? probeLimitMilliseconds
        slowPauseMilliseconds = max(1, try options.int("slow-pause-ms") ?? slowPauseMilliseconds)
        if let settle = try options.int("settle") { settleSeconds = Double(settle) }
        if let warmUp = try options.int("warm-up") { warmUpSeconds = Double(warmUp) } else { warmUpSeconds = min(30, duration / 4) }
        if let slack = try options.int("rss-slack-mib") { rssSlackBytes = slack << 20 }
        verbose = options.flag("verbose")
        if serverPID != nil && port == nil {
            throw CommandLineArguments.ParseError(description: "--server-pid needs --port (the server it names)")
        }
        guard connections >= 1 else { throw CommandLineArguments.ParseError(description: "--connections must be at least 1") }
    }

    /// The defaults (for tests, which then adjust fields).
    init() {}

    /// The server's URL.
    var url: String { "ws://\(host.contains(":") ? "[\(host)]" : host):\(port ?? 0)/" }
}
