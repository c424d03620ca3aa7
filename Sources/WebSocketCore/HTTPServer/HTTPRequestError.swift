/// Why a plain HTTP request (one that is not a WebSocket upgrade) cannot be served: each case is a stable reason
/// with the status it is answered with, and the connection closes after that answer (RFC 9112 §6.3, §7.1, §9.6).
public enum HTTPRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An HTTP/1.1 request without a `Host` field, or with more than one (RFC 9112 §3.2): 400.
    case invalidHost
    /// Both `Transfer-Encoding` and `Content-Length` (RFC 9112 §6.3 ¶3, which lets a server reject it): 400.
    case conflictingFraming
    /// `Transfer-Encoding` in an HTTP/1.0 request (RFC 9112 §6.1: its framing is faulty): 400.
    case transferEncodingInHTTP10
    /// `Transfer-Encoding` whose final coding is not `chunked`, or `chunked` applied twice (RFC 9112 §6.3 ¶4, §7): 400.
    case chunkedNotFinal
    /// A transfer coding other than `chunked` (RFC 9112 §6.1): 501 Not Implemented.
    case unsupportedTransferCoding(String)
    /// `Content-Length` that is not digits, or several that differ (RFC 9110 §8.6): 400.
    case invalidContentLength
    /// A POST, PUT or PATCH with neither `Content-Length` nor `Transfer-Encoding` (ours; RFC 9110 §15.5.12): 411.
    case lengthRequired
    /// The body is (or is declared) larger than `limit` bytes (RFC 9110 §15.5.14): 413, before more is read.
    case bodyTooLarge(limit: Int)
    /// A chunk-size line that is not `1*HEXDIG [chunk-ext] CRLF`, chunk data not followed by CRLF, or a malformed
    /// trailer line (RFC 9112 §7.1): 400.
    case malformedChunk
    /// The trailer section is longer than `limit` bytes (RFC 9110 §15.5.32): 431.
    case trailersTooLarge(limit: Int)
    /// `Expect` with anything but `100-continue` (RFC 9110 §10.1.1): 417 Expectation Failed.
    case unsupportedExpectation(String)
    /// The body did not arrive within the body timeout (RFC 9110 §15.5.9): 408 Request Timeout.
    case bodyTimedOut

    /// The HTTP status the request is answered with.
    public var status: Int {
        switch self {
        case .invalidHost, .conflictingFraming, .transferEncodingInHTTP10, .chunkedNotFinal, .invalidContentLength,
            .malformedChunk:
            400
        case .unsupportedTransferCoding: 501
        case .lengthRequired: 411
        case .bodyTooLarge: 413
        case .trailersTooLarge: 431
        case .unsupportedExpectation: 417
        case .bodyTimedOut: 408
        }
    }

    /// The answer: the status, its reason phrase and a one-line plain-text body; the connection closes after it.
    public var response: HTTPResponse {
        HTTPResponse(status: status, reason: HTTPResponse.reasonPhrase(status), body: Array((description + "\n").utf8))
    }

    /// A short English explanation.
    public var description: String {
        switch self {
        case .invalidHost: "an HTTP/1.1 request needs exactly one Host field"
        case .conflictingFraming: "both Transfer-Encoding and Content-Length"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .chunkedNotFinal: "chunked must be the final transfer coding, applied once"
        case .unsupportedTransferCoding(let coding): "unsupported transfer coding \(coding)"
        case .invalidContentLength: "invalid Content-Length"
        case .lengthRequired: "a request body needs Content-Length or chunked Transfer-Encoding"
        case .bodyTooLarge(let limit): "request body larger than \(limit) bytes"
        case .malformedChunk: "malformed chunked body"
        case .trailersTooLarge(let limit): "trailer section larger than \(limit) bytes"
        case .unsupportedExpectation(let value): "unsupported expectation \(value)"
        case .bodyTimedOut: "the request body did not arrive in time"
        }
    }
}
