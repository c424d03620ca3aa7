import WebSocketCore

extension PerMessageDeflate {
    /// Server: the response to one offer and the settings it agrees on, or nil when the offer must be declined
    /// (RFC 7692 §7.1): malformed parameters, or no `client_max_window_bits` while this server needs to limit the
    /// client's window.
    ///
    /// - `server_no_context_takeover` offered or configured: answered, and the server resets after every message.
    /// - `client_no_context_takeover` offered or configured: answered, and the server's inflater resets.
    /// - `server_max_window_bits=N`: answered with min(N, configured); also answered when the configured window is
    ///   below 15 although the client asked for nothing (§7.1.2.1 allows it).
    /// - `client_max_window_bits[=N]`: answered with min(N, configured) when that is below 15.
    public func serverResponse(to offer: ExtensionOffer) -> (response: ExtensionOffer, settings: PerMessageDeflateSettings)? {
        guard offer.name.lowercased() == Self.extensionName,
            let offered = try? PerMessageDeflateParameters(parsing: offer)
        else { return nil }
        var answer = PerMessageDeflateParameters()
        var settings = PerMessageDeflateSettings()

        settings.serverNoContextTakeover = offered.serverNoContextTakeover || configuration.serverNoContextTakeover
        answer.serverNoContextTakeover = settings.serverNoContextTakeover
        settings.clientNoContextTakeover = offered.clientNoContextTakeover || configuration.clientNoContextTakeover
        answer.clientNoContextTakeover = settings.clientNoContextTakeover

        settings.serverMaxWindowBits = min(offered.serverMaxWindowBits ?? 15, configuration.serverMaxWindowBits)
        if offered.serverMaxWindowBits != nil || settings.serverMaxWindowBits < 15 {
            answer.serverMaxWindowBits = settings.serverMaxWindowBits
        }

        switch offered.clientMaxWindowBits {
        case .absent:
            // The client did not say it can limit its window: acceptable only if the full window is.
            guard configuration.clientMaxWindowBits == 15 else { return nil }
            settings.clientMaxWindowBits = 15
        case .withoutValue:
            settings.clientMaxWindowBits = configuration.clientMaxWindowBits
        case .value(let bits):
            settings.clientMaxWindowBits = min(bits, configuration.clientMaxWindowBits)
        }
        if settings.clientMaxWindowBits < 15 {
            answer.clientMaxWindowBits = .value(settings.clientMaxWindowBits)
        }
        return (answer.element, settings)
    }
}
