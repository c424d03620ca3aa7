/// A head type that `HTTPHeadParser` can produce: it is built from a start line and the parsed header fields.
public protocol HTTPParsableHead: Sendable {
    /// Parses the start line `line` (without its CRLF) and combines it with `headers`.
    static func parse(startLine line: ArraySlice<UInt8>, headers: HTTPHeaders) throws(HTTPHeadError) -> Self
}

extension HTTPRequestHead: HTTPParsableHead {
    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3), with single spaces.
    public static func parse(startLine line: ArraySlice<UInt8>, headers: HTTPHeaders) throws(HTTPHeadError) -> HTTPRequestHead {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { throw .invalidRequestLine }
        guard parts.count >= 3 else {
            throw parts[1].starts(with: "HTTP/".utf8) ? HTTPHeadError.invalidRequestLine : .missingVersion
        }
        guard parts.count == 3 else { throw .invalidRequestLine }
        guard parts[0].allSatisfy(HTTPSyntax.isTokenByte) else { throw .invalidMethod }
        guard parts[1].allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { throw .invalidTarget }
        let version = try HTTPVersion.parse(parts[2])
        return HTTPRequestHead(
            method: String(decoding: parts[0], as: UTF8.self),
            target: String(decoding: parts[1], as: UTF8.self),
            version: version,
            headers: headers
        )
    }
}

extension HTTPResponseHead: HTTPParsableHead {
    /// Parses `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4); the space after the code may be
    /// missing when the reason is empty.
    public static func parse(startLine line: ArraySlice<UInt8>, headers: HTTPHeaders) throws(HTTPHeadError) -> HTTPResponseHead {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw .invalidStatusLine }
        let version = try HTTPVersion.parse(parts[0])
        let code = parts[1]
        guard code.count == 3, code.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              code.first != UInt8(ascii: "0") else { throw .invalidStatusCode }
        let status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let reasonBytes = parts.count == 3 ? parts[2] : []
        guard reasonBytes.allSatisfy(HTTPSyntax.isFieldValueByte) else { throw .invalidReasonPhrase }
        return HTTPResponseHead(
            version: version,
            status: status,
            reason: String(decoding: reasonBytes, as: UTF8.self),
            headers: headers
        )
    }
}

extension HTTPVersion {
    /// Parses exactly `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3; the name is case-sensitive).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(HTTPHeadError) -> HTTPVersion {
        let text = Array(bytes)
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard text.count == 8, text[0..<5].elementsEqual("HTTP/".utf8),
              digits.contains(text[5]), text[6] == UInt8(ascii: "."), digits.contains(text[7]) else {
            throw .invalidVersion
        }
        return HTTPVersion(major: Int(text[5] - UInt8(ascii: "0")), minor: Int(text[7] - UInt8(ascii: "0")))
    }
}
