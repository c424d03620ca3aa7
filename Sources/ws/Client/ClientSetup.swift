import Foundation
import WebSocketIO

/// Options shared by the client commands (`ws connect`, `ws send`, `ws subscribe`, `ws echo-client`).
struct ClientSetup: Sendable {
    var url: String
    /// The positional words after the URL (`ws send`'s message).
    var operands: [String] = []
    var headers = HTTPHeaders()
    var subprotocols: [String] = []
    var configuration = WebSocketConfiguration()
    var security: (any StreamSecurity)?
    /// `--proxy`, `--no-proxy`, or the environment's proxy variables (the default).
    var proxy = WebSocketProxyConfiguration.environment(ProcessInfo.processInfo.environment)
    var maximumRedirects = WebSocketClient.defaultMaximumRedirects
    /// `--unix PATH`: connect to this Unix-domain socket instead of the URL's host and port (never via a proxy).
    var unixSocketPath: String?
    /// `--binary [hex|base64]`: input lines are binary messages in this encoding, and binary messages received are
    /// printed in it (nil: input lines are text messages, binary received is printed as hex).
    var binary: BinaryEncoding?

    /// The exit status when parsing ended the command (0 after `--help`, 2 on bad arguments).
    struct ExitStatus: Error { var code: Int32 }

    /// The options a client command takes beyond the common ones.
    struct Features: OptionSet, Sendable {
        let rawValue: Int
        /// `--binary [hex|base64]`.
        static let binary = Features(rawValue: 1)
        /// `--ping-interval SECONDS`.
        static let pingInterval = Features(rawValue: 2)
    }

    /// The usage lines of the route options.
    static let routeUsage = """
          --proxy URL        tunnel through this HTTP proxy (CONNECT); hosts in no_proxy/NO_PROXY still go direct
          --no-proxy         connect directly, whatever the environment says
          --unix PATH        connect to this Unix-domain socket (every hop; no proxy); the URL gives Host and target
          --max-redirects N  follow at most N redirects (default 10; 0: none); wss:// never follows to ws://
          Without --proxy: http_proxy (ws://), https_proxy or HTTPS_PROXY (wss://), then all_proxy or ALL_PROXY,
          except the hosts in no_proxy or NO_PROXY (as curl reads them). The route is printed on standard error.
        """

    /// The usage lines of `--subprotocol`, `--binary` and `--ping-interval`.
    static let messageUsage = """
          --subprotocol P    offer subprotocol P (repeatable, in order of preference); the one the server picked
                             and the negotiated extensions are printed on standard error
          --binary [hex|base64]  messages given are binary, written in hex (default) or Base64; binary messages
                             received are printed the same way (without --binary: hex)
          --ping-interval S  send a ping every S seconds (default 20; 0: none); no pong within 20 s closes with 1011
        """

    /// The longest `--ping-interval`, in seconds (a day).
    static let maximumPingInterval = 86_400.0

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

    /// Parses a client command's arguments: the URL, then `operands` more positional words (named for the error
    /// message), the common options and those of `features`. `--help` prints `usage` on standard output and ends
    /// with status 0; bad arguments print the reason and `usage` on standard error and end with status 2.
    static func parse(
        _ arguments: [String], command: String, usage: String, operands: [String] = [], features: Features = []
    ) -> Result<ClientSetup, ExitStatus> {
        do {
            var valueOptions: Set<String> = ["header", "subprotocol", "max-message", "proxy", "max-redirects", "unix"]
            if features.contains(.pingInterval) { valueOptions.insert("ping-interval") }
            let options = try CommandLineArguments(
                arguments,
                valueOptions: valueOptions.union(DeflateOptions.valueOptions).union(TLSOptions.clientValueOptions),
                flagOptions: Set(["help", "no-proxy"]).union(DeflateOptions.flagOptions),
                optionalValueOptions: features.contains(.binary) ? ["binary": BinaryEncoding.names] : [:])
            if options.flag("help") {
                print(usage)
                return .failure(ExitStatus(code: 0))
            }
            guard options.positional.count == 1 + operands.count else {
                let expected = (["URL"] + operands).joined(separator: " ")
                throw CommandLineArguments.ParseError(
                    description: options.positional.count > 1 + operands.count
                        ? "unexpected argument \(options.positional[1 + operands.count]) (expected \(expected))"
                        : "expected \(expected)")
            }
            var setup = ClientSetup(url: options.positional[0], operands: Array(options.positional.dropFirst()))
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
            if let text = options.value("ping-interval") {
                guard let seconds = Double(text), seconds.isFinite, (0...maximumPingInterval).contains(seconds) else {
                    throw CommandLineArguments.ParseError(
                        description: "--ping-interval is a number of seconds from 0 to \(Int(maximumPingInterval)), not \(text)")
                }
                if seconds == 0 {
                    setup.configuration.keepalive = nil
                } else {
                    setup.configuration.keepalive?.interval = .milliseconds(max(1, Int((seconds * 1000).rounded())))
                }
            }
            setup.binary = try BinaryEncoding.parse(options)
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

    /// Connects with these options; on failure prints `ws COMMAND: ERROR` on standard error and returns nil. On
    /// success prints the route (redirects, proxy, Unix socket), the subprotocol the server picked and the
    /// negotiated extensions on standard error.
    func connect(command: String) async -> WebSocket? {
        let socket: WebSocket
        do {
            socket = try await WebSocket.connect(
                to: url, unixSocketPath: unixSocketPath, headers: headers, subprotocols: subprotocols,
                configuration: configuration, security: security, proxy: proxy, maximumRedirects: maximumRedirects)
        } catch {
            printError("ws \(command): \(error)")
            return nil
        }
        if let route = socket.route { printRoute(route, command: command) }
        let extensions = await socket.negotiatedExtensions()
        printError(
            "ws \(command): connected, subprotocol \(socket.subprotocol ?? "none"), extensions "
                + (extensions.isEmpty ? "none" : extensions.joined(separator: ", ")))
        return socket
    }

    /// A message received, as one line of output: text as it is, binary in the `--binary` encoding (hex without it).
    func line(for message: WebSocketMessage) -> String {
        switch message {
        case .text(let text): text
        case .binary(let bytes): (binary ?? .hex).encode(bytes)
        }
    }

    /// The message a line of input (or `ws send`'s operand) stands for: text, or with `--binary` the decoded bytes.
    func message(from line: String) throws(BinaryEncoding.DecodingError) -> WebSocketMessage {
        guard let binary else { return .text(line) }
        return .binary(try binary.decode(line))
    }
}

extension WebSocket {
    /// The names of the extensions negotiated in the handshake, read on the connection's loop.
    func negotiatedExtensions() async -> [String] {
        let channel = self.channel
        return await withCheckedContinuation { continuation in
            channel.eventLoop.execute { continuation.resume(returning: channel.extensionNames) }
        }
    }
}
