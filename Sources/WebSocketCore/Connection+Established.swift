extension Connection where State == Open {
    /// An open connection for a handshake done elsewhere (by another HTTP stack, or in tests): the protocol starts
    /// right away with the given role, configuration, negotiated extensions and (for clients) masking-key source.
    public static func established(
        role: Role, configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtension] = [],
        subprotocol: String? = nil, keySource: any MaskingKeySource = SystemMaskingKeySource()
    ) -> Connection<Open> {
        let machine = ProtocolMachine(
            role: role, configuration: configuration, extensions: extensions, keySource: keySource)
        machine.subprotocol = subprotocol
        return Connection<Open>(machine: machine)
    }
}
