/// A setting out of its allowed range, found when a configuration is validated (before any connection uses it).
///
/// The third kind of error besides the peer's (`ProtocolViolation`, `HandshakeRejection`,
/// `HandshakeResponseError`) and the application's misuse of a connection or handshake (`UsageError`,
/// `HandshakeUsageError`): it names the setting and what it must satisfy, so a server fails when it starts, not on
/// its first connection.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The setting's name, as spelled in the configuration type (for example `maximumMessageSize`).
    public let setting: String
    /// What the value must satisfy (for example `must be at least 1`).
    public let requirement: String

    /// An error for `setting`, which must satisfy `requirement`.
    public init(_ setting: String, _ requirement: String) {
        self.setting = setting
        self.requirement = requirement
    }

    /// What went wrong, for logs.
    public var description: String { "invalid configuration: \(setting) \(requirement)" }
}
