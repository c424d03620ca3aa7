import WebSocketCore

/// permessage-deflate (RFC 7692): the extension factory to put in a client's or server's extension list.
///
/// ```swift
/// var configuration = WebSocketConfiguration()
/// configuration.extensions = [PerMessageDeflate()]
/// ```
///
/// It offers conservatively (by default only `permessage-deflate; client_max_window_bits`, which every known peer
/// accepts) and parses liberally (any case, quoted values). A server picks the first offer it can accept and
/// declines malformed ones; a client fails the handshake on a response that is malformed or does not match its
/// offer (`ExtensionNegotiationError`). See `Spec/permessage-deflate.md`.
///
/// Every connection gets its own `PerMessageDeflateExtension`, whose deflater and inflater carry the compression
/// context; compressed bytes therefore cannot be shared between connections (a broadcast compresses once per
/// connection), except in principle with `server_no_context_takeover`, which this library does not exploit.
public struct PerMessageDeflate: WebSocketExtensionFactory {
    /// `permessage-deflate`.
    public static let extensionName = "permessage-deflate"

    /// What to offer, accept and do; out-of-range values are clamped (see `PerMessageDeflateConfiguration.validate`).
    public let configuration: PerMessageDeflateConfiguration

    /// A factory with `configuration` (the defaults: level 6, full windows, context takeover, 128-byte threshold).
    public init(configuration: PerMessageDeflateConfiguration = .init()) {
        self.configuration = configuration.clamped
    }

    /// `permessage-deflate`.
    public var name: String { Self.extensionName }

    /// Client: the one offer this configuration makes. With the defaults: `permessage-deflate;
    /// client_max_window_bits`.
    public func clientOffers() -> [ExtensionOffer] {
        [offeredParameters.element]
    }

    /// Client: checks the server's response against the offer and creates the extension.
    public func clientAccept(_ response: ExtensionOffer) throws(ExtensionNegotiationError) -> any WebSocketExtension {
        PerMessageDeflateExtension(role: .client, settings: try clientSettings(for: response), configuration: configuration)
    }

    /// Server: answers the first of `offers` that is well formed and acceptable, or declines them all (nil).
    public func serverAccept(_ offers: [ExtensionOffer]) -> (response: ExtensionOffer, instance: any WebSocketExtension)? {
        for offer in offers {
            guard let (response, settings) = serverResponse(to: offer) else { continue }
            let instance = PerMessageDeflateExtension(role: .server, settings: settings, configuration: configuration)
            return (response, instance)
        }
        return nil
    }

    /// Bytes one connection's deflater and inflater hold at most with `settings` (allocated lazily: a direction
    /// allocates when its first compressed message passes, and a direction without context takeover frees its
    /// codec between messages when `releasesMemoryBetweenMessages` is set).
    public static func memoryPerConnection(
        settings: PerMessageDeflateSettings, role: Role, level: DeflateLevel = .default
    ) -> (deflater: Int, inflater: Int) {
        (
            Deflater.memoryFootprint(windowBits: settings.sendingWindowBits(for: role), level: level),
            Inflater.memoryFootprint(windowBits: settings.receivingWindowBits(for: role))
        )
    }

    /// Bytes one connection's deflater and inflater hold at most after
    /// `PerMessageDeflateExtension.releaseIdleMemory()` (an idle connection): a direction with context takeover
    /// keeps its window of history (`Deflater.idleMemoryFootprint`, `Inflater.idleMemoryFootprint`), one without
    /// keeps nothing.
    public static func idleMemoryPerConnection(
        settings: PerMessageDeflateSettings, role: Role
    ) -> (deflater: Int, inflater: Int) {
        (
            settings.sendingResetsContext(for: role)
                ? 0 : Deflater.idleMemoryFootprint(windowBits: settings.sendingWindowBits(for: role)),
            settings.receivingResetsContext(for: role)
                ? 0 : Inflater.idleMemoryFootprint(windowBits: settings.receivingWindowBits(for: role))
        )
    }
}
