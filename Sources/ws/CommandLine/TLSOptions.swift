import WebSocketIO
#if TLS
import WebSocketTLS
#endif

/// The TLS options of `ws serve` (`--tls-cert`, `--tls-key`), the clients (`wss://` URLs, `--ca`) and
/// `ws bench echo|storm` (`--tls`, `--ca`). They need the package trait `TLS`; without it they are still parsed, and
/// refused with a message saying how to rebuild.
enum TLSOptions {
    /// Options of `ws serve` that take a value.
    static let serverValueOptions: Set<String> = ["tls-cert", "tls-key"]
    /// Options of the clients that take a value.
    static let clientValueOptions: Set<String> = ["ca"]
    /// Flags of `ws bench`.
    static let benchFlagOptions: Set<String> = ["tls"]

    /// The usage line of `ws serve`.
    static let serverUsage = "  TLS (wss://): --tls-cert CHAIN.pem --tls-key KEY.pem  (build with --traits TLS)"
    /// The usage line of the clients.
    static let clientUsage = "  wss:// URLs verify the server against the system CAs, or --ca CA.pem  (build with --traits TLS)"
    /// The usage line of `ws bench`.
    static let benchUsage = "  --tls [--ca CA.pem]: connect with wss:// (build with --traits TLS)"

    static let unavailable = "built without TLS; rebuild with --traits TLS"

    /// The server's TLS from `--tls-cert`/`--tls-key`; nil when neither is given. Failed TLS handshakes are logged
    /// unless `--quiet`.
    static func serverSecurity(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) -> (any StreamSecurity)? {
        let certificate = options.value("tls-cert")
        let key = options.value("tls-key")
        guard certificate != nil || key != nil else { return nil }
        #if TLS
        guard let certificate, let key else {
            throw CommandLineArguments.ParseError(description: "--tls-cert and --tls-key go together")
        }
        var log: (@Sendable (String) -> Void)?
        if !options.flag("quiet") { log = { message in printError("ws serve: info: \(message)") } }
        do {
            return try TLSServerSecurity(
                TLSServerConfiguration(certificateChainFile: certificate, privateKeyFile: key), logger: log)
        } catch {
            throw CommandLineArguments.ParseError(description: "\(error)")
        }
        #else
        throw CommandLineArguments.ParseError(description: "--tls-cert/--tls-key: \(unavailable)")
        #endif
    }

    /// A client's TLS for `url`: nil for `ws://`; for `wss://`, verification against `--ca` or the system CAs.
    static func clientSecurity(
        url: String, _ options: CommandLineArguments
    ) throws(CommandLineArguments.ParseError) -> (any StreamSecurity)? {
        let secure = url.lowercased().hasPrefix("wss://")
        guard secure else {
            if options.value("ca") != nil { throw CommandLineArguments.ParseError(description: "--ca needs a wss:// URL") }
            return nil
        }
        return try clientSecurity(caFile: options.value("ca"), needing: "wss:// and --ca")
    }

    /// `ws bench`'s TLS: nil without `--tls`.
    static func benchSecurity(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) -> (any StreamSecurity)? {
        guard options.flag("tls") else {
            if options.value("ca") != nil { throw CommandLineArguments.ParseError(description: "--ca needs --tls") }
            return nil
        }
        return try clientSecurity(caFile: options.value("ca"), needing: "--tls and --ca")
    }

    /// TLS to a `rediss://` Redis: verification against `--ca` or the system CAs.
    static func redisSecurity(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) -> any StreamSecurity {
        try clientSecurity(caFile: options.value("ca"), needing: "rediss://")
    }

    /// Verification against `caFile`, or the system CAs; `needing` names the options for the no-TLS message.
    private static func clientSecurity(
        caFile: String?, needing: String
    ) throws(CommandLineArguments.ParseError) -> any StreamSecurity {
        #if TLS
        do {
            return try TLSClientSecurity(
                TLSClientConfiguration(trust: caFile.map { .certificateAuthorities(file: $0) } ?? .systemDefault))
        } catch {
            throw CommandLineArguments.ParseError(description: "\(error)")
        }
        #else
        throw CommandLineArguments.ParseError(description: "\(needing): \(unavailable)")
        #endif
    }

    /// The URL scheme for a connection with or without TLS.
    static func scheme(_ security: (any StreamSecurity)?) -> String { security == nil ? "ws" : "wss" }
}
