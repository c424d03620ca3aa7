import WebSocketCore

extension PerMessageDeflate {
    /// Client: the parameters of the offer. Only what the configuration needs: `client_max_window_bits` always
    /// (without a value at 15, so the server may name any limit), `server_max_window_bits=N` only below 15, and the
    /// `*_no_context_takeover` flags only when configured.
    var offeredParameters: PerMessageDeflateParameters {
        var offer = PerMessageDeflateParameters()
        offer.serverNoContextTakeover = configuration.serverNoContextTakeover
        offer.clientNoContextTakeover = configuration.clientNoContextTakeover
        if configuration.serverMaxWindowBits < 15 { offer.serverMaxWindowBits = configuration.serverMaxWindowBits }
        offer.clientMaxWindowBits =
            configuration.clientMaxWindowBits < 15 ? .value(configuration.clientMaxWindowBits) : .withoutValue
        return offer
    }

    /// Client: checks a response against this factory's offer (RFC 7692 §7.1) and returns the settings agreed on.
    ///
    /// Fails on unknown, duplicated or malformed parameters; on a missing `server_no_context_takeover` or
    /// `server_max_window_bits` that was offered; on a `server_max_window_bits` above the value offered; on a
    /// `client_max_window_bits` without a value, above the value offered, or not offered at all. A response may
    /// add `server_no_context_takeover`, `client_no_context_takeover` and `server_max_window_bits` unasked.
    public func clientSettings(for response: ExtensionOffer) throws(ExtensionNegotiationError) -> PerMessageDeflateSettings {
        func failure(_ reason: String) -> ExtensionNegotiationError {
            ExtensionNegotiationError(extensionName: Self.extensionName, reason: reason)
        }
        let answered: PerMessageDeflateParameters
        do {
            answered = try PerMessageDeflateParameters(parsing: response)
        } catch {
            throw failure(error.description)
        }
        let offered = offeredParameters
        var settings = PerMessageDeflateSettings()

        if offered.serverNoContextTakeover && !answered.serverNoContextTakeover {
            throw failure("server_no_context_takeover was offered but not confirmed")
        }
        settings.serverNoContextTakeover = answered.serverNoContextTakeover
        settings.clientNoContextTakeover = answered.clientNoContextTakeover || configuration.clientNoContextTakeover

        switch (offered.serverMaxWindowBits, answered.serverMaxWindowBits) {
        case (let limit?, nil):
            throw failure("server_max_window_bits=\(limit) was offered but not confirmed")
        case (let limit?, let bits?) where bits > limit:
            throw failure("server_max_window_bits=\(bits) exceeds the \(limit) offered")
        default:
            settings.serverMaxWindowBits = answered.serverMaxWindowBits ?? 15
        }

        switch answered.clientMaxWindowBits {
        case .absent:
            settings.clientMaxWindowBits = configuration.clientMaxWindowBits
        case .withoutValue:
            throw failure("client_max_window_bits in a response needs a value")
        case .value(let bits):
            switch offered.clientMaxWindowBits {
            case .absent:
                throw failure("client_max_window_bits was not offered")
            case .value(let limit) where bits > limit:
                throw failure("client_max_window_bits=\(bits) exceeds the \(limit) offered")
            default:
                settings.clientMaxWindowBits = min(bits, configuration.clientMaxWindowBits)
            }
        }
        return settings
    }
}
