/// Why bytes could not be parsed as an HTTP/1.x request or response head.
public enum HTTPHeadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The head (start line, fields and the blank line) exceeded `limit` bytes before it ended.
    case headTooLarge(limit: Int)
    /// The head has more than `limit` header fields.
    case tooManyHeaders(limit: Int)
    /// A CR was not followed by LF.
    case bareCarriageReturn
    /// An LF was not preceded by CR (this parser requires CRLF line ends, RFC 9112 §2.2).
    case bareLineFeed
    /// The request line is not `method SP request-target SP HTTP-version`.
    case invalidRequestLine
    /// The method is not a token.
    case invalidMethod
    /// The request-target is empty or holds bytes outside visible ASCII.
    case invalidTarget
    /// The request line has no HTTP version.
    case missingVersion
    /// The version is not `HTTP/DIGIT.DIGIT`.
    case invalidVersion
    /// The status line is not `HTTP-version SP status-code [SP reason-phrase]`.
    case invalidStatusLine
    /// The status code is not three digits 100–999.
    case invalidStatusCode
    /// The reason phrase holds control characters.
    case invalidReasonPhrase
    /// A header line has no colon.
    case missingColon
    /// Whitespace between a field name and its colon (RFC 9112 §5.1 requires rejecting this).
    case whitespaceBeforeColon
    /// A field name is empty or holds a character outside `tchar`.
    case invalidHeaderName
    /// The value of the field `name` holds a control character.
    case invalidHeaderValue(name: String)
    /// A header line starts with whitespace: obsolete line folding (RFC 9112 §5.2), which this parser rejects.
    case obsoleteLineFolding
    /// More bytes were fed after the head was already complete.
    case alreadyComplete

    /// A short English explanation.
    public var description: String {
        switch self {
        case .headTooLarge(let limit): "HTTP head larger than \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .bareCarriageReturn: "CR not followed by LF"
        case .bareLineFeed: "line ends with LF without CR"
        case .invalidRequestLine: "malformed request line"
        case .invalidMethod: "method is not a token"
        case .invalidTarget: "malformed request target"
        case .missingVersion: "request line has no HTTP version"
        case .invalidVersion: "HTTP version is not HTTP/DIGIT.DIGIT"
        case .invalidStatusLine: "malformed status line"
        case .invalidStatusCode: "status code is not three digits 100-999"
        case .invalidReasonPhrase: "reason phrase holds control characters"
        case .missingColon: "header line without a colon"
        case .whitespaceBeforeColon: "whitespace between header name and colon"
        case .invalidHeaderName: "header name is not a token"
        case .invalidHeaderValue(let name): "value of header \(name) holds control characters"
        case .obsoleteLineFolding: "obsolete header line folding"
        case .alreadyComplete: "bytes fed after the head was complete"
        }
    }
}
