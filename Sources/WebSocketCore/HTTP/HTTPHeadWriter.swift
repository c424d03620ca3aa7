/// Builds the bytes of an HTTP/1.1 head: a start line, header fields and the blank line, all with CRLF.
struct HTTPHeadWriter {
    private var bytes: [UInt8] = []

    /// A head beginning with `startLine` (given without its CRLF).
    init(startLine: String) {
        bytes.reserveCapacity(256)
        bytes += startLine.utf8
        bytes += [13, 10]
    }

    /// Appends `name: value`.
    mutating func field(_ name: String, _ value: String) {
        bytes += name.utf8
        bytes += [UInt8(ascii: ":"), UInt8(ascii: " ")]
        bytes += value.utf8
        bytes += [13, 10]
    }

    /// Ends the head with the blank line, appends `body` and returns everything.
    mutating func finish(body: [UInt8] = []) -> [UInt8] {
        bytes += [13, 10]
        bytes += body
        return bytes
    }

    /// The first field of `headers` that cannot be sent (name not a token or value with control characters or
    /// surrounding whitespace) or that is named in `reserved` (case-insensitive), with which problem it has.
    static func firstUnsendableField(in headers: HTTPHeaders, reserved: [String]) -> (field: HTTPHeaderField, isReserved: Bool)? {
        for field in headers {
            if reserved.contains(where: { HTTPSyntax.equalsIgnoringASCIICase($0, field.name) }) {
                return (field, true)
            }
            if !HTTPSyntax.isToken(field.name) || !HTTPSyntax.isFieldValue(field.value) {
                return (field, false)
            }
        }
        return nil
    }
}
