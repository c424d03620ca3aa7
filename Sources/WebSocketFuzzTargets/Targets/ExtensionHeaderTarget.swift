import WebSocketCore
import WebSocketDeflate

/// `ExtensionOffer.parse` on arbitrary header values (the input split at line feeds), and permessage-deflate's
/// answers to what parsed.
///
/// Invariants: several values parse as the concatenation of each value parsed alone (and fail with the first one's
/// error); parsed offers are well formed and render to a header value that parses back to the same offers; a
/// server's permessage-deflate response is well formed, round-trips, names the extension and agrees on windows of
/// 8–15 bits; a client's accepted settings are in range too.
enum ExtensionHeaderTarget {
    static let serverConfigurations: [PerMessageDeflateConfiguration] = {
        var limited = PerMessageDeflateConfiguration()
        limited.clientMaxWindowBits = 10
        limited.serverMaxWindowBits = 9
        limited.serverNoContextTakeover = true
        return [PerMessageDeflateConfiguration(), limited]
    }()

    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let values = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let combined = Result { () throws(ExtensionHeaderError) in try ExtensionOffer.parse(headerValues: values) }
        var separate: [ExtensionOffer] = []
        var firstError: ExtensionHeaderError?
        for value in values {
            switch Result(catching: { () throws(ExtensionHeaderError) in try ExtensionOffer.parse(headerValue: value) }) {
            case .success(let offers): separate += offers
            case .failure(let error): firstError = firstError ?? error
            }
        }
        let offers: [ExtensionOffer]
        switch combined {
        case .failure(let error):
            try require(error == firstError, "several values fail with \(error), alone with \(String(describing: firstError))")
            return
        case .success(let parsed):
            try require(firstError == nil && parsed == separate, "several values parse unlike each value alone")
            offers = parsed
        }
        try checkRoundTrip(offers)
        let deflateOffers = offers.filter { $0.name == PerMessageDeflate.extensionName }
        for configuration in serverConfigurations {
            try checkServer(PerMessageDeflate(configuration: configuration), deflateOffers)
        }
        let client = PerMessageDeflate()
        for offer in deflateOffers {
            let accepted = Result { () throws(ExtensionNegotiationError) in try client.clientAccept(offer) }
            if case .success(let instance) = accepted { try checkInstance(instance) }
        }
    }

    static func checkRoundTrip(_ offers: [ExtensionOffer]) throws(FuzzFailure) {
        guard !offers.isEmpty else { return }
        try require(offers.allSatisfy(\.isWellFormed), "a parsed offer is not well formed")
        let rendered = ExtensionOffer.headerValue(for: offers)
        let again = Result { () throws(ExtensionHeaderError) in try ExtensionOffer.parse(headerValue: rendered) }
        guard case .success(let reparsed) = again, reparsed == offers else {
            throw FuzzFailure("offers render to \"\(rendered)\", which does not parse back to them")
        }
    }

    static func checkServer(_ factory: PerMessageDeflate, _ offers: [ExtensionOffer]) throws(FuzzFailure) {
        guard let (response, instance) = factory.serverAccept(offers) else { return }
        try require(response.name == PerMessageDeflate.extensionName, "the response names \(response.name)")
        try checkRoundTrip([response])
        try checkInstance(instance)
    }

    static func checkInstance(_ instance: any WebSocketExtension) throws(FuzzFailure) {
        guard let deflate = instance as? PerMessageDeflateExtension else { throw FuzzFailure("not a permessage-deflate extension") }
        let settings = deflate.settings
        try require((8...15).contains(settings.serverMaxWindowBits) && (8...15).contains(settings.clientMaxWindowBits), "window bits out of range: \(settings)")
    }
}
