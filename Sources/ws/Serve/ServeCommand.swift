import Dispatch
import Foundation
import RedisClient
import WebSocketIO

let serveUsage = """
    usage: ws serve [--host H] [--port P | --unix PATH [--unix-mode OCTAL]] [--mode echo|broadcast] [--max-message BYTES] [--max-frame BYTES]
                    [--max-fragments N] [--max-connections N] [--threads N] [--reuse-port] [--idle-timeout SECONDS]
                    [--keepalive SECONDS] [--keepalive-timeout SECONDS] [--no-keepalive]
                    [--write-stall-timeout SECONDS] [--extension-idle-release SECONDS] [--keep-freed-memory BYTES]
                    [--redis URL [--node-id ID] [--redis-namespace NS]] [--metrics-path PATH | --no-metrics] [--quiet]
                    [--subprotocol NAME]... [--write-high-water BYTES] [--write-low-water BYTES]
                    [--read-buffer BYTES] [--member-queue BYTES] [--static DIR]
      Echo (default) or broadcast server; GET / (and /index.html) serves a page that talks to it, GET /stats the
      server's counters as JSON, GET /metrics the Prometheus metrics.
      Defaults: 127.0.0.1:9001, 16 MiB messages and frames, 131072 fragments per message, no connection limit,
      one event loop per CPU this process may run on. SIGINT/SIGTERM close every connection with 1001 and exit 0.
      Safe by default: a ping every 20 s (--keepalive), a peer whose pong is 20 s late (--keepalive-timeout) is
      closed with 1011 (--no-keepalive turns both off); a peer that reads nothing while 1 MiB waits for it is
      dropped after 30 s (--write-stall-timeout, 0 never); permessage-deflate state shrinks to its windows after
      30 s without messages (--extension-idle-release, 0 never).
      --keep-freed-memory: freed memory glibc's malloc keeps per arena for reuse instead of returning it to the
      system (default 134217728; 0 keeps glibc's defaults), which spares large messages fresh page faults.
      --reuse-port: listen with SO_REUSEPORT, so several ws serve processes started with it share the port (Linux
      spreads connections among them): past one process's open-file limit, or one per core.
      --unix PATH listens on a Unix-domain socket instead of TCP (mode 600 unless --unix-mode, e.g. 660); an
      existing file that is not a stale socket is refused, and the socket is removed at exit.
      Broadcast mode: a connection joins the room /room/NAME or ?room=NAME (/ joins lobby); GET /stats adds
      the hub's and the backplane's counters and the rooms' local and cluster sizes.
    \(ServeOptions.usage)
    \(ServeRedisOptions.usage)
    \(ServeStaticOptions.usage)
    \(ServeMetricsEndpoint.usage)
    \(DeflateOptions.usage)
    \(TLSOptions.serverUsage)
    """

/// `ws serve`: the echo or broadcast server.
func runServe(_ arguments: [String]) -> Int32 {
    let options: CommandLineArguments
    var configuration = WebSocketConfiguration()
    let host: String
    let port: Int
    let unix: (path: String, mode: UInt16)?
    let broadcast: Bool
    let maxConnections: Int?
    let threads: Int?
    let security: (any StreamSecurity)?
    let hub: BroadcastHub
    let staticFiles: StaticFiles?
    let metrics: ServeMetricsEndpoint
    let tuning: ServeOptions
    do {
        options = try CommandLineArguments(
            arguments,
            valueOptions: Set([
                "host", "port", "mode", "max-message", "max-frame", "max-fragments", "max-connections", "threads",
                "idle-timeout", "keepalive", "keepalive-timeout", "write-stall-timeout", "extension-idle-release",
                "keep-freed-memory", "unix", "unix-mode",
            ]).union(DeflateOptions.valueOptions).union(TLSOptions.serverValueOptions).union(ServeRedisOptions.valueOptions)
                .union(ServeStaticOptions.valueOptions).union(ServeMetricsEndpoint.valueOptions).union(ServeOptions.valueOptions),
            flagOptions: Set(["quiet", "help", "no-keepalive", "reuse-port"]).union(DeflateOptions.flagOptions).union(ServeMetricsEndpoint.flagOptions))
        if options.flag("help") {
            print(serveUsage)
            return 0
        }
        host = options.value("host") ?? "127.0.0.1"
        port = try options.int("port") ?? 9001
        if let path = options.value("unix") {
            if options.value("host") != nil || options.value("port") != nil {
                throw CommandLineArguments.ParseError(description: "--unix replaces --host and --port")
            }
            if options.flag("reuse-port") {
                throw CommandLineArguments.ParseError(description: "--reuse-port shares a TCP port; --unix listens on a path")
            }
            let text = options.value("unix-mode") ?? "600"
            guard let mode = UInt16(text, radix: 8), mode <= 0o777 else {
                throw CommandLineArguments.ParseError(description: "--unix-mode is an octal mode such as 600 or 660")
            }
            unix = (path, mode)
        } else {
            if options.value("unix-mode") != nil {
                throw CommandLineArguments.ParseError(description: "--unix-mode needs --unix")
            }
            unix = nil
        }
        guard let mode = ["echo": false, "broadcast": true][options.value("mode") ?? "echo"] else {
            throw CommandLineArguments.ParseError(description: "--mode is echo or broadcast")
        }
        broadcast = mode
        configuration.connection.limits.maximumMessageSize = try options.int("max-message") ?? 16 << 20
        configuration.connection.limits.maximumFrameSize = try options.int("max-frame") ?? 16 << 20
        configuration.connection.limits.maximumFragmentsPerMessage = try options.int("max-fragments") ?? 131_072
        maxConnections = try options.int("max-connections")
        threads = try options.int("threads")
        configuration.reusePort = options.flag("reuse-port")
        if let idle = try options.int("idle-timeout") { configuration.idleTimeout = .seconds(idle) }
        var keepalive = WebSocketConfiguration.Keepalive.default
        if let interval = try options.int("keepalive") { keepalive.interval = .seconds(interval) }
        if let timeout = try options.int("keepalive-timeout") { keepalive.timeout = .seconds(timeout) }
        configuration.keepalive = options.flag("no-keepalive") ? nil : keepalive
        if let stall = try options.int("write-stall-timeout") {
            configuration.writeStallTimeout = stall > 0 ? .seconds(stall) : nil
        }
        if let release = try options.int("extension-idle-release") {
            configuration.extensionIdleMemoryRelease = release > 0 ? .seconds(release) : nil
        }
        tuning = try ServeOptions(options, broadcast: broadcast)
        tuning.apply(to: &configuration)
        try configuration.validate()
        configuration.extensions = try DeflateOptions.extensions(options)
        let keepFreed = try options.int("keep-freed-memory") ?? 128 << 20
        if keepFreed > 0 { AllocatorTuning.retainFreedMemory(upTo: keepFreed) }
        security = try TLSOptions.serverSecurity(options)
        hub = try ServeRedisOptions.hub(options, broadcast: broadcast, memberQueueBytes: tuning.memberQueueBytes)
        staticFiles = try ServeStaticOptions.files(options)
        metrics = try ServeMetricsEndpoint(options)
        guard options.positional.isEmpty else {
            throw CommandLineArguments.ParseError(description: "unexpected argument \(options.positional[0])")
        }
    } catch {
        printError("ws serve: \(error)\n\(serveUsage)")
        return 2
    }
    if !options.flag("quiet") {
        configuration.logger = { level, message in
            guard level >= .info else { return }
            FileHandle.standardError.write(Data("ws serve: \(level): \(message)\n".utf8))
        }
    }
    let rooms = ServeBroadcast(hub: hub)
    let stats = ServeStats(rooms: broadcast ? rooms : nil)
    let server: WebSocketServer
    do {
        let group = try EventLoopGroup(
            numberOfThreads: threads ?? CPUAffinity.usableCPUCount, readBufferSize: tuning.readBufferSize)
        let decide: @Sendable (UpgradeRequest) -> UpgradeDecision = { request in
            tuning.decide(broadcast ? rooms.decideUpgrade(request) : .accept)
        }
        let http: @Sendable (HTTPRequest) async -> HTTPResponse = { request in
            if let answer = metrics.answer(request.head) { return answer }
            if request.method == "GET", request.path == "/stats" {
                return stats.response(room: UpgradeRequest.queryValue("room", in: request.head))
            }
            if let staticFiles { return staticFiles.respond(to: request) }
            return servePage(request.head, broadcast: broadcast, subprotocols: tuning.subprotocols)
        }
        let delegates: @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate = { _ in
            broadcast ? rooms.makeDelegate() : EchoDelegate()
        }
        if let unix {
            server = try WebSocketServer.start(
                unixPath: unix.path, permissions: unix.mode, configuration: configuration, group: group,
                maximumConnections: maxConnections, security: security, decideUpgrade: decide, handleHTTP: http,
                makeDelegate: delegates)
        } else {
            server = try WebSocketServer.start(
                host: host, port: port, configuration: configuration, group: group, maximumConnections: maxConnections,
                security: security, decideUpgrade: decide, handleHTTP: http, makeDelegate: delegates)
        }
    } catch {
        printError("ws serve: cannot listen on \(unix.map { "unix:\($0.path)" } ?? "\(host):\(port)"): \(error)")
        return 1
    }
    let signals = TerminationSignals()
    metrics.attach(server, hub: broadcast ? hub : nil)
    stats.attach(server)
    if server.localAddress.isUnix {
        writeLine("ws serve: \(broadcast ? "broadcast" : "echo") server on \(server.localAddress) (\(TLSOptions.scheme(security)))")
    } else {
        writeLine("ws serve: \(broadcast ? "broadcast" : "echo") server on \(TLSOptions.scheme(security))://\(server.localAddress)/")
    }
    if let url = options.value("redis") { writeLine("ws serve: node \(hub.nodeID), backplane \((try? RedisURL(url)).map { "\($0)" } ?? "?")") }
    let trimmer = configuration.extensionIdleMemoryRelease.map { FreeMemoryTrimmer(server: server, period: $0) }
    signals.wait()
    trimmer?.cancel()
    printError("ws serve: shutting down")
    return runBlocking {
        await server.shutdown(timeout: .seconds(3))
        hub.backplane?.shutdown()
        return 0
    }
}

/// Echoes every data message with its own type (the callback API: no task hop per message).
final class EchoDelegate: WebSocketChannelDelegate {
    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        try? channel.send(message)
    }
}

/// SIGINT and SIGTERM, caught from the moment this is made: made before the address line is printed, so a
/// supervisor (or a test) that signals as soon as it reads the line gets a clean shutdown, not the default action.
final class TerminationSignals {
    private let received = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [received] in received.signal() }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until one of them arrives.
    func wait() {
        received.wait()
    }
}
