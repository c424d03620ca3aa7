/// Why a `Sec-WebSocket-Extensions` header value does not match the RFC 6455 §9.1 grammar.
public enum ExtensionHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header holds no extension at all (only whitespace and commas).
    case emptyList
    /// An extension name is missing or is not a token, at UTF-8 offset `offset` of the value.
    case invalidExtensionName(offset: Int)
    /// A parameter name is missing or is not a token, at UTF-8 offset `offset`.
    case invalidParameterName(offset: Int)
    /// A `=` is not followed by a token or a quoted-string, at UTF-8 offset `offset`.
    case invalidParameterValue(offset: Int)
    /// A quoted-string has no closing quote (or ends in a lone backslash).
    case unterminatedQuotedString
    /// A quoted value is not a token after unquoting, which §9.1 forbids.
    case quotedValueNotToken(String)
    /// A character that the grammar does not allow here, at UTF-8 offset `offset`.
    case unexpectedCharacter(offset: Int)

    /// A short English explanation.
    public var description: String {
        switch self {
        case .emptyList: "Sec-WebSocket-Extensions lists no extension"
        case .invalidExtensionName(let offset): "extension name is not a token (at offset \(offset))"
        case .invalidParameterName(let offset): "extension parameter name is not a token (at offset \(offset))"
        case .invalidParameterValue(let offset): "extension parameter value is not a token or quoted-string (at offset \(offset))"
        case .unterminatedQuotedString: "unterminated quoted-string in extension parameter"
        case .quotedValueNotToken(let value): "quoted extension parameter value \"\(value)\" is not a token"
        case .unexpectedCharacter(let offset): "unexpected character in Sec-WebSocket-Extensions (at offset \(offset))"
        }
    }
}
