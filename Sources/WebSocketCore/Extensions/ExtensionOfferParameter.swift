/// One parameter of an extension in `Sec-WebSocket-Extensions` (RFC 6455 §9.1): `name` or `name=value`.
public struct ExtensionParameter: Sendable, Hashable, CustomStringConvertible {
    /// The parameter token, e.g. `client_max_window_bits`.
    public var name: String
    /// The value with quoting removed, or nil for a parameter written without `=`.
    public var value: String?

    /// A parameter with the given name and optional value.
    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The parameter as written in a header: a value that is not a token is sent as a quoted-string with `"`
    /// and `\` escaped (note that RFC 6455 §9.1 only allows values that are tokens after unquoting).
    public var description: String {
        guard let value else { return name }
        if HTTPSyntax.isToken(value) { return name + "=" + value }
        var quoted = "\""
        for character in value.unicodeScalars {
            if character == "\"" || character == "\\" { quoted += "\\" }
            quoted.unicodeScalars.append(character)
        }
        return name + "=" + quoted + "\""
    }

    /// Whether the value (if any) can be written in a header: no control characters.
    var isValueRenderable: Bool {
        guard let value else { return true }
        return value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == UInt8(ascii: "\t") }
    }
}
