/// Why an extension's negotiation failed.
public struct ExtensionNegotiationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The extension's name.
    public var extensionName: String
    /// What was wrong with the peer's parameters.
    public var reason: String

    /// An error for `extensionName` with `reason`.
    public init(extensionName: String, reason: String) {
        self.extensionName = extensionName
        self.reason = reason
    }

    /// `name: reason`.
    public var description: String { "\(extensionName): \(reason)" }
}
