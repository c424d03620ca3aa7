/// One extension in a `Sec-WebSocket-Extensions` header (RFC 6455 §9.1): its name and parameters in order.
///
/// The client sends offers; the server answers with the offers it accepted, possibly with different parameters.
public struct ExtensionOffer: Sendable, Hashable, CustomStringConvertible {
    /// The extension token, e.g. `permessage-deflate`.
    public var name: String
    /// The parameters in the order written.
    public var parameters: [ExtensionParameter]

    /// An extension with the given name and parameters.
    public init(name: String, parameters: [ExtensionParameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// The first parameter named `name` (compared exactly), or nil.
    public func parameter(_ name: String) -> ExtensionParameter? {
        parameters.first { $0.name == name }
    }

    /// The extension as one element of a header value, e.g. `permessage-deflate; client_max_window_bits=10`.
    public var description: String {
        var text = name
        for parameter in parameters {
            text += "; " + parameter.description
        }
        return text
    }

    /// Whether the name and all parameter names are tokens, so that rendering gives a valid header element.
    public var isWellFormed: Bool {
        HTTPSyntax.isToken(name) && parameters.allSatisfy { HTTPSyntax.isToken($0.name) && $0.isValueRenderable }
    }
}
