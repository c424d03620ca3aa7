import Dispatch
import Foundation
import RedisClient
import WebSocketIO

let serveUsage = """
    usage: ws serve [--host H] [--port P | --unix PATH [--unix-mode OCTAL]] [--mode echo|broadcast] [--max-message BYTES] [--max-frame BYTES]
                    [--max-fragments N] [--max-connections N] [--threads N] [--idle-timeout SECONDS]
                    [--keepalive SECONDS] [--keepalive-timeout SECONDS] [--no-keepalive]
                    [--write-stall-timeout SECONDS] [--extension-idle-release SECONDS] [--keep-freed-memory BYTES]
                    [--redis URL [--node-id ID] [--redis-namespace NS]] [--metrics-path PATH | --no-metrics] [--quiet]
      Echo (default) or broadcast server; GET / serves a small page that talks to it.
      Defaults: 127.0.0.1:9001, 16 MiB messages and frames, 131072 fragments per message, no connection limit,
      one event loop per CPU this process may run on. SIGINT/SIGTERM close every connection with 1001 and exit 0.
      Safe by default: a ping every 20 s (--keepalive), a peer whose pong is 20 s late (--keepalive-timeout) is
      closed with 1011 (--no-keepalive turns both off); a peer that reads nothing while 1 MiB waits for it is
      dropped after 30 s (--write-stall-timeout, 0 never); permessage-deflate state shrinks to its windows after
      30 s without messages (--extension-idle-release, 0 never).
      --keep-freed-memory: freed memory glibc's malloc keeps per arena for reuse instead of returning it to the
      system (default 134217728; 0 keeps glibc's defaults), which spares large messages fresh page faults.
      --unix PATH listens on a Unix-domain socket instead of TCP (mode 600 unless --unix-mode, e.g. 660); an
      existing file that is not a stale socket is refused, and the socket is removed at exit.
      Broadcast mode: a connection joins the room /room/NAME or ?room=NAME (/ joins lobby); GET /stats answers
      the hub's and the backplane's counters and the rooms' local and cluster sizes as JSON.
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
    do {
        options = try CommandLineArguments(
            arguments,
            valueOptions: Set([
                "host", "port", "mode", "max-message", "max-frame", "max-fragments", "max-connections", "threads",
                "idle-timeout", "keepalive", "keepalive-timeout", "write-stall-timeout", "extension-idle-release",
                "keep-freed-memory", "unix", "unix-mode",
            ]).union(DeflateOptions.valueOptions).union(TLSOptions.serverValueOptions).union(ServeRedisOptions.valueOptions)
                .union(ServeStaticOptions.valueOptions).union(ServeMetricsEndpoint.valueOptions),
            flagOptions: Set(["quiet", "help", "no-keepalive"]).union(DeflateOptions.flagOptions).union(ServeMetricsEndpoint.flagOptions))
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
        try configuration.validate()
        configuration.extensions = try DeflateOptions.extensions(options)
        let keepFreed = try options.int("keep-freed-memory") ?? 128 << 20
        if keepFreed > 0 { AllocatorTuning.retainFreedMemory(upTo: keepFreed) }
        security = try TLSOptions.serverSecurity(options)
        hub = try ServeRedisOptions.hub(options, broadcast: broadcast)
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
    let server: WebSocketServer
    do {
        let group = try EventLoopGroup(numberOfThreads: threads ?? CPUAffinity.usableCPUCount)
        let decide: @Sendable (UpgradeRequest) -> UpgradeDecision = { request in
            broadcast ? rooms.decideUpgrade(request) : .accept
        }
        let http: @Sendable (HTTPRequest) async -> HTTPResponse = { head in
            if let answer = metrics.answer(head.head) { return answer }
            if broadcast, head.method == "GET", head.path == "/stats" {
                return rooms.stats(room: UpgradeRequest.queryValue("room", in: head.head))
            }
            if let staticFiles { return staticFiles.respond(to: head) }
            return servePage(head.head, broadcast: broadcast)
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
    metrics.attach(server, hub: broadcast ? hub : nil)
    if server.localAddress.isUnix {
        writeLine("ws serve: \(broadcast ? "broadcast" : "echo") server on \(server.localAddress) (\(TLSOptions.scheme(security)))")
    } else {
        writeLine("ws serve: \(broadcast ? "broadcast" : "echo") server on \(TLSOptions.scheme(security))://\(server.localAddress)/")
    }
    if let url = options.value("redis") { writeLine("ws serve: node \(hub.nodeID), backplane \((try? RedisURL(url)).map { "\($0)" } ?? "?")") }
    let trimmer = configuration.extensionIdleMemoryRelease.map { FreeMemoryTrimmer(server: server, period: $0) }
    waitForTerminationSignal()
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

/// Blocks until SIGINT or SIGTERM arrives.
func waitForTerminationSignal() {
    let received = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { received.signal() }
        source.resume()
        sources.append(source)
    }
    received.wait()
    withExtendedLifetime(sources) {}
}

/// The answer to plain HTTP requests: the demo page on `/`, 426 elsewhere.
func servePage(_ head: HTTPRequestHead, broadcast: Bool) -> HTTPResponse {
    guard head.method == "GET", head.path == "/" || head.path == "/index.html" else { return .upgradeRequired }
    return HTTPResponse(
        status: 200, reason: "OK", headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
        body: Array(demoPage(broadcast: broadcast).utf8))
}

func demoPage(broadcast: Bool) -> String {
    let title = broadcast ? "ws chat" : "ws echo"
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
        <style>
        body { font: 15px system-ui, sans-serif; max-width: 40em; margin: 2em auto; }
        #log { border: 1px solid #ccc; height: 20em; overflow-y: auto; padding: .5em; white-space: pre-wrap; }
        .me { color: #06c; } .sys { color: #888; }
        </style></head>
        <body>
        <h1>\(title)</h1>
        \(broadcast ? """
        <form id="rooms">Room <input id="room" size="20" maxlength="100"> <button>Join</button> <span id="members" class="sys"></span></form>
        """ : "")
        <p id="status" class="sys">connecting…</p>
        <div id="log"></div>
        <form id="form"><input id="text" autocomplete="off" size="50" autofocus> <button>Send</button></form>
        <script>
        const log = document.getElementById('log'), status = document.getElementById('status');
        function line(text, cls) { const d = document.createElement('div'); d.textContent = text; if (cls) d.className = cls; log.appendChild(d); log.scrollTop = log.scrollHeight; }
        const broadcast = \(broadcast);
        const room = new URLSearchParams(location.search).get('room') || 'lobby';
        const path = broadcast ? '/room/' + encodeURIComponent(room) : '/';
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path);
        if (broadcast) {
          document.getElementById('room').value = room;
          document.getElementById('rooms').onsubmit = (e) => { e.preventDefault(); location.search = '?room=' + encodeURIComponent(document.getElementById('room').value); };
          const members = document.getElementById('members');
          const refresh = () => fetch('/stats?room=' + encodeURIComponent(room)).then(r => r.json()).then(s => {
            const r = s.rooms.find(x => x.room === room) || { local: 0, cluster: 0 };
            const b = s.backplane;
            members.textContent = r.local + ' here, ' + r.cluster + ' in the cluster' + (b ? ' · node ' + s.node + ', backplane ' + b.state + ': ' + b.sent + ' sent, ' + s.hub.received + ' received, ' + b.dropped + ' dropped, ' + s.hub.lost + ' lost, ' + b.reconnects + ' reconnects' : '');
          }).catch(() => {});
          refresh(); setInterval(refresh, 2000);
        }
        ws.onopen = () => {
          status.textContent = 'connected (' + (ws.extensions || 'no extensions') + ')' + (broadcast ? ' to room ' + room : '');
          if (location.hash === '#selftest') { ws.send('selftest ' + 'é✓'.repeat(200)); ws.send(new Uint8Array([1, 2, 3])); }
        };
        ws.onmessage = (e) => line(typeof e.data === 'string' ? e.data : '[binary ' + e.data.size + ' bytes]');
        ws.onclose = (e) => { status.textContent = 'closed: ' + e.code + ' ' + e.reason; };
        document.getElementById('form').onsubmit = (e) => { e.preventDefault(); const t = document.getElementById('text'); if (t.value) { if (!broadcast) line('> ' + t.value, 'me'); ws.send(t.value); t.value = ''; } };
        </script>
        </body></html>
        """
}
