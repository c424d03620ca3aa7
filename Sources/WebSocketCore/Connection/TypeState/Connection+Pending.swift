extension Connection where State == Pending {
    init(machine: ProtocolMachine, request: UpgradeRequest, factories: [any WebSocketExtensionFactory]) {
        machine.pendingUpgrade = (request, factories)
        self.init(machine: machine)
    }

    /// The client's upgrade request: path, query, headers, origin, offered subprotocols and extensions.
    public var request: UpgradeRequest { machine.pendingUpgrade!.request }

    /// Accepts the upgrade: negotiates the subprotocol (the first of `response.supportedSubprotocols` that the
    /// client offered, or none) and the extensions, queues the 101 response and opens the connection. Frames that
    /// arrived with the request are processed by the first `receive`.
    public consuming func accept(_ response: UpgradeResponse = UpgradeResponse()) -> Connection<Open> {
        let (request, factories) = machine.pendingUpgrade!
        machine.pendingUpgrade = nil
        let subprotocol = ServerHandshake.selectSubprotocol(
            offered: request.subprotocols, supported: response.supportedSubprotocols)
        var negotiated = ExtensionNegotiation.serverAccept(offers: request.extensions, factories: factories)
        let bytes: [UInt8]
        do {
            bytes = try ServerHandshake.acceptResponse(
                forKey: request.key, subprotocol: subprotocol, extensions: negotiated.responses,
                extraHeaders: response.extraHeaders)
        } catch {
            // Only a factory's malformed response parameters can get here: accept without extensions.
            negotiated = ([], [])
            bytes = (try? ServerHandshake.acceptResponse(
                forKey: request.key, subprotocol: subprotocol, extensionHeaderValues: [],
                extraHeaders: response.extraHeaders)) ?? []
        }
        machine.subprotocol = subprotocol
        machine.install(extensions: negotiated.instances)
        machine.outbound.append(bytes)
        return Connection<Open>(machine: machine)
    }

    /// Refuses the upgrade with an HTTP response (`status` 400–599 is typical, e.g. 401, 403 or 404) and closes.
    public consuming func reject(
        status: Int = 403, reason: String = "Forbidden", body: String = "", headers: HTTPHeaders = HTTPHeaders()
    ) -> Connection<Closed> {
        machine.pendingUpgrade = nil
        machine.pendingInput = []
        machine.outbound.append(HTTPResponseRenderer.render(status: status, reason: reason, headers: headers, body: body))
        machine.phase = .closed
        return Connection<Closed>(machine: machine)
    }
}
