extension ExtensionOffer {
    /// Parses the extensions listed in all the given `Sec-WebSocket-Extensions` header values, in order
    /// (repeated headers form one list, RFC 6455 §9.1 and RFC 9110 §5.3).
    ///
    /// Grammar: `extension *( "," extension )`, `extension = token *( ";" param )`,
    /// `param = token [ "=" ( token / quoted-string ) ]`; optional whitespace is allowed around `,`, `;` and `=`;
    /// empty list elements are ignored; a quoted value must be a token after removing the backslash escapes.
    /// An empty input array gives no offers; a header value holding no extension is an error.
    public static func parse(headerValues values: [String]) throws(ExtensionHeaderError) -> [ExtensionOffer] {
        var offers: [ExtensionOffer] = []
        for value in values {
            var parser = ExtensionListParser(Array(value.utf8))
            let parsed = try parser.parseList()
            if parsed.isEmpty { throw .emptyList }
            offers += parsed
        }
        return offers
    }

    /// Parses one `Sec-WebSocket-Extensions` header value.
    public static func parse(headerValue value: String) throws(ExtensionHeaderError) -> [ExtensionOffer] {
        try parse(headerValues: [value])
    }

    /// The header value listing `offers`, e.g. `permessage-deflate; client_max_window_bits, x-foo`.
    public static func headerValue(for offers: [ExtensionOffer]) -> String {
        offers.map(\.description).joined(separator: ", ")
    }
}

/// A cursor over the bytes of one header value, implementing the §9.1 extension-list grammar.
struct ExtensionListParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// All extensions in the value (possibly none when it is only commas and whitespace).
    mutating func parseList() throws(ExtensionHeaderError) -> [ExtensionOffer] {
        var offers: [ExtensionOffer] = []
        while true {
            skipWhitespace()
            guard let byte = peek() else { return offers }
            if byte == UInt8(ascii: ",") {
                position += 1 // empty element
                continue
            }
            offers.append(try parseExtension())
            skipWhitespace()
            guard let next = peek() else { return offers }
            guard next == UInt8(ascii: ",") else { throw .unexpectedCharacter(offset: position) }
            position += 1
        }
    }

    private mutating func parseExtension() throws(ExtensionHeaderError) -> ExtensionOffer {
        let nameStart = position
        guard let name = readToken() else { throw .invalidExtensionName(offset: nameStart) }
        var offer = ExtensionOffer(name: name)
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: ";") else { return offer }
            position += 1
            skipWhitespace()
            let parameterStart = position
            guard let parameterName = readToken() else { throw .invalidParameterName(offset: parameterStart) }
            skipWhitespace()
            var value: String?
            if peek() == UInt8(ascii: "=") {
                position += 1
                skipWhitespace()
                value = try readValue()
            }
            offer.parameters.append(ExtensionParameter(name: parameterName, value: value))
        }
    }

    private mutating func readValue() throws(ExtensionHeaderError) -> String {
        let valueStart = position
        if peek() != UInt8(ascii: "\"") {
            guard let token = readToken() else { throw .invalidParameterValue(offset: valueStart) }
            return token
        }
        position += 1
        var unquoted: [UInt8] = []
        while true {
            guard let byte = peek() else { throw .unterminatedQuotedString }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                let value = String(decoding: unquoted, as: UTF8.self)
                guard unquoted.count > 0, unquoted.allSatisfy(HTTPSyntax.isTokenByte) else {
                    throw .quotedValueNotToken(value)
                }
                return value
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw .unterminatedQuotedString }
                guard HTTPSyntax.isFieldValueByte(escaped) else { throw .unexpectedCharacter(offset: position) }
                unquoted.append(escaped)
                position += 1
            default:
                guard HTTPSyntax.isFieldValueByte(byte) else { throw .unexpectedCharacter(offset: position - 1) }
                unquoted.append(byte)
            }
        }
    }

    private mutating func readToken() -> String? {
        let start = position
        while let byte = peek(), HTTPSyntax.isTokenByte(byte) { position += 1 }
        guard position > start else { return nil }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), HTTPSyntax.isWhitespace(byte) { position += 1 }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }
}
