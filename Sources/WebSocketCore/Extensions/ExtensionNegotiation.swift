/// The extension half of the opening handshake (RFC 6455 §9.1), for both sides.
enum ExtensionNegotiation {
    /// Server: each factory, in the server's order, picks at most one of the client's offers of its name.
    /// Returns the response entries and the extensions, in the same order.
    static func serverAccept(
        offers: [ExtensionOffer], factories: [any WebSocketExtensionFactory]
    ) -> (responses: [ExtensionOffer], instances: [any WebSocketExtension]) {
        var responses: [ExtensionOffer] = []
        var instances: [any WebSocketExtension] = []
        var claimed = ReservedBits()
        for factory in factories {
            let mine = offers.filter { $0.name.lowercased() == factory.name.lowercased() }
            guard !mine.isEmpty, let (response, instance) = factory.serverAccept(mine) else { continue }
            // Two extensions may not claim the same reserved bit.
            guard claimed.isDisjoint(with: instance.reservedBits) else { continue }
            claimed.formUnion(instance.reservedBits)
            responses.append(response)
            instances.append(instance)
        }
        return (responses, instances)
    }

    /// Client: every extension in the server's answer must have been offered, appear once, and be accepted by its
    /// factory.
    static func clientAccept(
        responses: [ExtensionOffer], factories: [any WebSocketExtensionFactory]
    ) throws(ExtensionNegotiationError) -> [any WebSocketExtension] {
        var instances: [any WebSocketExtension] = []
        var seen: Set<String> = []
        for response in responses {
            let name = response.name.lowercased()
            guard let factory = factories.first(where: { $0.name.lowercased() == name }) else {
                throw ExtensionNegotiationError(extensionName: response.name, reason: "not offered")
            }
            guard seen.insert(name).inserted else {
                throw ExtensionNegotiationError(extensionName: response.name, reason: "accepted twice")
            }
            instances.append(try factory.clientAccept(response))
        }
        return instances
    }
}
