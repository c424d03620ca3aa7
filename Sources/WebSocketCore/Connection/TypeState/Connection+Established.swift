extension Connection where State == Open {
    /// An open connection for a handshake done elsewhere (by another HTTP stack, or in tests): the protocol starts
    /// right away with the given role, configuration, negotiated extensions and (for clients) masking-key source.
    /// Throws `ConfigurationError` when `configuration.limits` are invalid (`Limits.validate()`).
    public static func established(
        role: Role, configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtension] = [],
        subprotocol: String? = nil, keySource: any MaskingKeySource = SystemMaskingKeySource()
    ) throws(ConfigurationError) -> Connection<Open> {
        try configuration.validate()
        let machine = ProtocolMachine(
            role: role, configuration: configuration, extensions: extensions, keySource: keySource)
        machine.subprotocol = subprotocol
        return Connection<Open>(machine: machine)
    }
}

extension Connection where State == Open {
    /// Lets the negotiated extensions free the memory they can rebuild (`WebSocketExtension.releaseIdleMemory()`):
    /// for permessage-deflate with context takeover, everything but the windows of history, about 68 KiB instead
    /// of about 346 KiB at window 15. Meant for a connection that has been idle for a while; what goes on the wire
    /// does not change. Between messages only: while an incoming message is in progress or a fragmented message
    /// is being sent, it does nothing and returns false.
    @discardableResult
    public func releaseIdleExtensionMemory() -> Bool {
        guard !machine.isReceivingMessage, !machine.isSendingFragmented else { return false }
        for ext in machine.extensions { ext.releaseIdleMemory() }
        return true
    }
}
