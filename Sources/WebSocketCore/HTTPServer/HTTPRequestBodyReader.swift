/// Reads the body of a plain HTTP request after its head, sans IO: by its `Content-Length` or chunked framing
/// (`HTTPBodyFraming`), bounded by the body limit, leaving any bytes after it (a pipelined next request) to the
/// caller.
public struct HTTPRequestBodyReader: Sendable {
    /// What the bytes so far amount to.
    public enum Step: Sendable, Hashable {
        /// The body is not complete yet.
        case needMoreData
        /// The request is complete; `remaining` are the bytes after it (the start of the next request).
        case complete(HTTPRequest, remaining: [UInt8])
    }

    private enum Body: Sendable {
        case length(remaining: Int, bytes: [UInt8])
        case chunked(ChunkedBodyDecoder)
    }

    /// The request line and fields.
    public let head: HTTPRequestHead
    /// True when the client asked to hear `100 Continue` before sending its body (RFC 9110 §10.1.1) and a body is
    /// expected: the caller writes `HTTP/1.1 100 Continue` first.
    public let expectsContinue: Bool
    private var body: Body

    /// A reader for the body of `head`, or the error the request is answered with (framing, a declared length over
    /// the limit, an unsupported expectation).
    public init(head: HTTPRequestHead, settings: HTTPServerSettings) throws(HTTPRequestError) {
        self.head = head
        let framing = try HTTPBodyFraming(of: head, maximumBodySize: settings.maximumBodySize)
        switch framing {
        case .length(let count):
            // Not reserved up front: a declared length costs memory only as its bytes arrive.
            body = .length(remaining: count, bytes: [])
        case .chunked:
            body = .chunked(ChunkedBodyDecoder(
                maximumBodySize: settings.maximumBodySize, maximumTrailerSize: settings.maximumTrailerSize))
        }
        var expectsContinue = false
        if let expectation = head.headers.first("Expect") {
            guard HTTPSyntax.equalsIgnoringASCIICase(HTTPSyntax.trimmingWhitespace(expectation), "100-continue") else {
                throw .unsupportedExpectation(expectation)
            }
            expectsContinue = head.version >= .http11 && framing != .length(0)
        }
        self.expectsContinue = expectsContinue
    }

    /// The request when it has no body to wait for (nil otherwise).
    public var requestWithoutBody: HTTPRequest? {
        if case .length(0, _) = body { return HTTPRequest(head: head) }
        return nil
    }

    /// Feeds the next bytes after the head.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTPRequestError) -> Step {
        // Taken out of `body` first, so the bytes collected so far are appended to in place, not copied.
        let current = body
        body = .length(remaining: 0, bytes: [])
        switch consume current {
        case .length(let remaining, var collected):
            let take = min(remaining, bytes.count)
            collected.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            guard take == remaining else {
                body = .length(remaining: remaining - take, bytes: collected)
                return .needMoreData
            }
            return .complete(HTTPRequest(head: head, body: collected), remaining: Array(bytes[take...]))
        case .chunked(var decoder):
            let step = try decoder.receive(bytes)
            body = .chunked(decoder)
            switch step {
            case .needMoreData:
                return .needMoreData
            case .complete(let consumed):
                return .complete(HTTPRequest(head: head, body: decoder.body), remaining: Array(bytes[consumed...]))
            }
        }
    }
}
