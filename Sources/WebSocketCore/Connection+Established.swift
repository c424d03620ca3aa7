extension Connection where State == Open {
    /// An open connection for a handshake done elsewhere (by another HTTP stack, or in tests): the protocol starts
    /// right away with the given role, configuration, negotiated extensions and (for clients) masking-key source.
    /// Throws `UsageError.invalidConfiguration` when `configuration.limits` are invalid (`Limits.validate()`).
    public static func established(
        role: Role, configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtension] = [],
        subprotocol: String? = nil, keySource: any MaskingKeySource = SystemMaskingKeySource()
    ) throws(UsageError) -> Connection<Open> {
        try configuration.limits.validate()
        let machine = ProtocolMachine(
            role: role, configuration: configuration, extensions: extensions, keySource: keySource)
        machine.subprotocol = subprotocol
        return Connection<Open>(machine: machine)
    }
}
