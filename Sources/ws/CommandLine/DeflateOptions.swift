import WebSocketDeflate
import WebSocketIO

/// The permessage-deflate (RFC 7692) options shared by `ws serve`, `ws connect`, `ws echo-client` and
/// `ws bench echo`: on by default for the first three, off unless `--deflate` for the benchmark.
enum DeflateOptions {
    /// Options that take a value.
    static let valueOptions: Set<String> = ["deflate-level", "deflate-window", "deflate-threshold"]
    /// Options without a value.
    static let flagOptions: Set<String> = ["no-deflate", "deflate", "deflate-no-context-takeover"]

    /// The usage lines.
    static let usage = """
          permessage-deflate: --no-deflate (off) | --deflate (on; the default except for bench echo)
            [--deflate-level 1-9 (6)] [--deflate-window 8-15 (15, both directions)]
            [--deflate-no-context-takeover (both directions)] [--deflate-threshold BYTES (128)]
        """

    /// The extension factories the options ask for: `[PerMessageDeflate(...)]`, or none with `--no-deflate` (or
    /// without `--deflate` when `enabledByDefault` is false).
    static func extensions(
        _ options: CommandLineArguments, enabledByDefault: Bool = true
    ) throws(CommandLineArguments.ParseError) -> [any WebSocketExtensionFactory] {
        if options.flag("no-deflate") && options.flag("deflate") {
            throw CommandLineArguments.ParseError(description: "--deflate and --no-deflate exclude each other")
        }
        guard options.flag("deflate") || (enabledByDefault && !options.flag("no-deflate")) else { return [] }
        var configuration = PerMessageDeflateConfiguration()
        if let level = try options.int("deflate-level") {
            guard let parsed = DeflateLevel(level) else {
                throw CommandLineArguments.ParseError(description: "--deflate-level is 1 through 9")
            }
            configuration.level = parsed
        }
        if let bits = try options.int("deflate-window") {
            configuration.serverMaxWindowBits = bits
            configuration.clientMaxWindowBits = bits
        }
        if options.flag("deflate-no-context-takeover") {
            configuration.serverNoContextTakeover = true
            configuration.clientNoContextTakeover = true
        }
        if let threshold = try options.int("deflate-threshold") { configuration.compressionThreshold = threshold }
        do {
            try configuration.validate()
        } catch {
            throw CommandLineArguments.ParseError(description: "\(error)")
        }
        return [PerMessageDeflate(configuration: configuration)]
    }
}
