import Foundation
import WebSocketIO

let connectUsage = """
    usage: ws connect URL [--header 'Name: value'] [--subprotocol P] [--max-message BYTES]
                          [--proxy http://[user:pass@]host:port | --no-proxy | --unix PATH] [--max-redirects N]
      Like wscat: each line of standard input is sent as a text message; each message received is printed on its
      own line (binary as hex). At end of input it sends close 1000, waits for the reply and exits 0.
    \(ClientSetup.routeUsage)
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws connect URL`: an interactive client.
func runConnect(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(arguments, command: "connect", usage: connectUsage) {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    return runBlocking {
        let socket: WebSocket
        do {
            socket = try await WebSocket.connect(
                to: setup.url, unixSocketPath: setup.unixSocketPath, headers: setup.headers,
                subprotocols: setup.subprotocols, configuration: setup.configuration,
                security: setup.security, proxy: setup.proxy, maximumRedirects: setup.maximumRedirects)
        } catch {
            printError("ws connect: \(error)")
            return 1
        }
        if let route = socket.route { printRoute(route, command: "connect") }
        let printer = Task {
            for await message in socket.messages {
                switch message {
                case .text(let text): writeLine(text)
                case .binary(let bytes): writeLine(bytes.map { String(format: "%02x", $0) }.joined())
                }
            }
        }
        for await line in StandardInputLines() {
            do {
                try await socket.send(text: line)
            } catch {
                printError("ws connect: \(error)")
                break
            }
        }
        let code = (try? await socket.close()) ?? .abnormalClosure
        await printer.value
        let reason = socket.closeInfo?.reason ?? ""
        printError("ws connect: closed \(code)\(reason.isEmpty ? "" : " \(reason)")")
        return code == .normalClosure || code == .noStatusReceived ? 0 : 3
    }
}

/// Lines of standard input, read on a background thread.
struct StandardInputLines: AsyncSequence {
    func makeAsyncIterator() -> AsyncStream<String>.Iterator {
        AsyncStream<String> { continuation in
            Thread.detachNewThread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
        }.makeAsyncIterator()
    }
}

/// Options shared by the client commands.
struct ClientSetup: Sendable {
    var url: String
    var headers = HTTPHeaders()
    var subprotocols: [String] = []
    var configuration = WebSocketConfiguration()
    var security: (any StreamSecurity)?
    /// `--proxy`, `--no-proxy`, or the environment's proxy variables (the default).
    var proxy = WebSocketProxyConfiguration.environment(ProcessInfo.processInfo.environment)
    var maximumRedirects = WebSocketClient.defaultMaximumRedirects
    /// `--unix PATH`: connect to this Unix-domain socket instead of the URL's host and port (never via a proxy).
    var unixSocketPath: String?

    struct ExitStatus: Error { var code: Int32 }

    /// The usage lines of the route options.
    static let routeUsage = """
          --proxy URL        tunnel through this HTTP proxy (CONNECT); hosts in no_proxy/NO_PROXY still go direct
          --no-proxy         connect directly, whatever the environment says
          --unix PATH        connect to this Unix-domain socket (every hop; no proxy); the URL gives Host and target
          --max-redirects N  follow at most N redirects (default 10; 0: none); wss:// never follows to ws://
          Without --proxy: http_proxy (ws://), https_proxy or HTTPS_PROXY (wss://), then all_proxy or ALL_PROXY,
          except the hosts in no_proxy or NO_PROXY (as curl reads them). The route is printed on standard error.
        """

    /// The route options of `options`.
    static func proxy(_ options: CommandLineArguments) throws -> WebSocketProxyConfiguration {
        let environment = ProcessInfo.processInfo.environment
        if options.flag("no-proxy") {
            guard options.value("proxy") == nil else {
                throw CommandLineArguments.ParseError(description: "--proxy and --no-proxy exclude each other")
            }
            return .none
        }
        guard let url = options.value("proxy") else { return .environment(environment) }
        let noProxy = environment["no_proxy"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["NO_PROXY"]
        do {
            return try .http(url: url, noProxy: noProxy)
        } catch {
            throw CommandLineArguments.ParseError(description: "--proxy: \(error)")
        }
    }

    static func parse(_ arguments: [String], command: String, usage: String) -> Result<ClientSetup, ExitStatus> {
        do {
            let options = try CommandLineArguments(
                arguments,
                valueOptions: Set(["header", "subprotocol", "max-message", "proxy", "max-redirects", "unix"])
                    .union(DeflateOptions.valueOptions).union(TLSOptions.clientValueOptions),
                flagOptions: Set(["help", "no-proxy"]).union(DeflateOptions.flagOptions))
            if options.flag("help") {
                print(usage)
                return .failure(ExitStatus(code: 0))
            }
            guard options.positional.count == 1 else {
                throw CommandLineArguments.ParseError(description: "expected one URL")
            }
            var setup = ClientSetup(url: options.positional[0])
            for header in options.values("header") {
                guard let colon = header.firstIndex(of: ":") else {
                    throw CommandLineArguments.ParseError(description: "--header needs 'Name: value'")
                }
                setup.headers.append(
                    name: String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                    value: String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            }
            setup.subprotocols = options.values("subprotocol")
            setup.configuration.connection.limits.maximumMessageSize = try options.int("max-message") ?? 16 << 20
            setup.configuration.connection.limits.maximumFrameSize = setup.configuration.connection.limits.maximumMessageSize
            setup.configuration.connection.limits.maximumFragmentsPerMessage = 131_072
            setup.configuration.extensions = try DeflateOptions.extensions(options)
            setup.security = try TLSOptions.clientSecurity(url: setup.url, options)
            setup.unixSocketPath = options.value("unix")
            if setup.unixSocketPath != nil && options.value("proxy") != nil {
                throw CommandLineArguments.ParseError(description: "--unix and --proxy exclude each other")
            }
            setup.proxy = setup.unixSocketPath == nil ? try proxy(options) : .none
            if let limit = try options.int("max-redirects") {
                guard limit >= 0 else { throw CommandLineArguments.ParseError(description: "--max-redirects must be >= 0") }
                setup.maximumRedirects = limit
            }
            return .success(setup)
        } catch {
            printError("ws \(command): \(error)\n\(usage)")
            return .failure(ExitStatus(code: 2))
        }
    }
}

/// Prints how a client got to its server on standard error: each redirect, then the proxy of the last connection.
func printRoute(_ route: WebSocketRoute, command: String) {
    for redirect in route.redirects { printError("ws \(command): redirected \(redirect.status) → \(redirect.to)") }
    if let proxy = route.proxy, let url = WebSocketURL(route.url) {
        let authority = url.host.contains(":") ? "[\(url.host)]:\(url.port)" : "\(url.host):\(url.port)"
        printError("ws \(command): via proxy \(proxy) (CONNECT \(authority))")
    }
    if let path = route.unixSocketPath { printError("ws \(command): via unix:\(path)") }
}

/// Writes a line straight to standard output (no stdio buffer: `fflush` of all streams would wait on the lock of
/// standard input, which the line reader holds while it blocks).
func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
