/// How a request's body is delimited, read from its head (RFC 9112 §6.3), with every ambiguity refused: a server
/// and a proxy in front of it must never disagree about where a request ends (request smuggling).
public enum HTTPBodyFraming: Sendable, Hashable {
    /// Exactly this many bytes (`Content-Length`, or 0 when the head has no framing fields).
    case length(Int)
    /// A chunked body (`Transfer-Encoding: chunked`).
    case chunked

    /// The framing of `head`'s body, or the error it is answered with (`RFC9112-6.3-FRAMING`).
    ///
    /// - Parameters:
    ///   - head: the request's head.
    ///   - maximumBodySize: a declared length over it is `.bodyTooLarge` at once (413, body unread).
    public init(of head: HTTPRequestHead, maximumBodySize: Int) throws(HTTPRequestError) {
        if head.version >= .http11 && head.headers.values("Host").count != 1 { throw .invalidHost }
        let codings = head.headers.values("Transfer-Encoding").flatMap { HTTPSyntax.listElements($0) }
        let lengths = head.headers.values("Content-Length").flatMap { HTTPSyntax.listElements($0) }
        if !head.headers.values("Transfer-Encoding").isEmpty {
            if head.version < .http11 { throw .transferEncodingInHTTP10 }
            if !lengths.isEmpty || !head.headers.values("Content-Length").isEmpty { throw .conflictingFraming }
            let lowered = codings.map { String(decoding: $0.utf8.map(HTTPSyntax.lowercasedASCII), as: UTF8.self) }
            guard lowered.last == "chunked", lowered.filter({ $0 == "chunked" }).count == 1 else { throw .chunkedNotFinal }
            if let other = lowered.first(where: { $0 != "chunked" }) { throw .unsupportedTransferCoding(other) }
            self = .chunked
            return
        }
        if !head.headers.values("Content-Length").isEmpty {
            // RFC 9110 §8.6: identical repeated values may be taken as one; anything else is an error.
            guard let first = lengths.first, lengths.allSatisfy({ $0 == first }) else { throw .invalidContentLength }
            guard !first.isEmpty, first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .invalidContentLength
            }
            // Compared digit by digit: no declared length can overflow.
            let digits = first.drop(while: { $0 == "0" })
            let limitDigits = String(maximumBodySize)
            if digits.count > limitDigits.count || (digits.count == limitDigits.count && String(digits) > limitDigits) {
                throw .bodyTooLarge(limit: maximumBodySize)
            }
            self = .length(Int(digits) ?? 0)
            return
        }
        if ["POST", "PUT", "PATCH"].contains(head.method) { throw .lengthRequired }
        self = .length(0)
    }
}
