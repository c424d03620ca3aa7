import Foundation
import Testing
import WebSocketCore

/// The incremental HTTP/1.1 head parser and `HTTPHeaders`.
@Suite("HTTP head parser")
struct HTTPHeadParserTests {
    static let sampleRequest = Array((
        "GET /chat?room=1&x=2 HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
        + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n"
    ).utf8)

    /// Parses `bytes` fed all at once as a request head.
    static func parseRequest(_ text: String, parser: HTTPRequestHeadParser = HTTPRequestHeadParser()) throws(HTTPHeadError) -> HTTPHeadParseResult<HTTPRequestHead> {
        var parser = parser
        return try parser.feed(Array(text.utf8))
    }

    /// The error thrown when parsing `text` as a request head, or nil.
    static func requestError(_ text: String, parser: HTTPRequestHeadParser = HTTPRequestHeadParser()) -> HTTPHeadError? {
        do {
            _ = try parseRequest(text, parser: parser)
            return nil
        } catch {
            return error
        }
    }

    @Test("WS-HTTP-HEAD-INCREMENTAL: every split point of a sample request gives the same head and leaves the trailing bytes")
    func everySplitPoint() throws {
        let trailing: [UInt8] = [0x81, 0x85, 1, 2, 3, 4]
        let stream = Self.sampleRequest + trailing
        var reference = HTTPRequestHeadParser()
        guard case .complete(let expected, let consumed) = try reference.feed(stream) else {
            Issue.record("sample request did not complete")
            return
        }
        #expect(consumed == Self.sampleRequest.count)
        #expect(expected.method == "GET" && expected.target == "/chat?room=1&x=2")
        #expect(expected.path == "/chat" && expected.query == "room=1&x=2")
        #expect(expected.version == .http11)

        for split in 0...stream.count {
            var parser = HTTPRequestHeadParser()
            let first = try parser.feed(stream[..<split])
            if split >= Self.sampleRequest.count {
                #expect(first == .complete(expected, consumed: Self.sampleRequest.count), "split \(split)")
            } else {
                #expect(first == .needMoreData, "split \(split)")
                let second = try parser.feed(stream[split...])
                #expect(second == .complete(expected, consumed: Self.sampleRequest.count - split), "split \(split)")
            }
        }
    }

    @Test("WS-HTTP-HEAD-INCREMENTAL: one byte at a time completes exactly on the final LF; more input is an error")
    func oneByteAtATime() throws {
        var parser = HTTPRequestHeadParser()
        for (index, byte) in Self.sampleRequest.enumerated() {
            let result = try parser.feed([byte])
            if index == Self.sampleRequest.count - 1 {
                guard case .complete(_, let consumed) = result else {
                    Issue.record("did not complete on the last byte")
                    return
                }
                #expect(consumed == 1)
            } else {
                #expect(result == .needMoreData)
            }
        }
        #expect(throws: HTTPHeadError.alreadyComplete) { try parser.feed([0x81]) }
    }

    @Test("WS-HTTP-HEAD-LIMIT: a head larger than the size limit or with too many fields is rejected with a typed error")
    func limits() throws {
        #expect(HTTPRequestHeadParser.defaultMaximumHeadSize == 16 * 1024)
        #expect(HTTPRequestHeadParser.defaultMaximumHeaderCount == 100)

        // Exactly at the size limit is fine; one byte more is not.
        let exact = HTTPRequestHeadParser(maximumHeadSize: Self.sampleRequest.count)
        var parser = exact
        #expect(try parser.feed(Self.sampleRequest) != .needMoreData)
        var small = HTTPRequestHeadParser(maximumHeadSize: Self.sampleRequest.count - 1)
        #expect(throws: HTTPHeadError.headTooLarge(limit: Self.sampleRequest.count - 1)) { try small.feed(Self.sampleRequest) }
        // The error repeats on further input.
        #expect(throws: HTTPHeadError.headTooLarge(limit: Self.sampleRequest.count - 1)) { try small.feed([1]) }

        // An endless header value with no line end is cut off at the default limit.
        var endless = HTTPRequestHeadParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64)
        var thrown: HTTPHeadError?
        do {
            _ = try endless.feed(Array("GET / HTTP/1.1\r\nX-Filler: ".utf8))
            for _ in 0..<400 { _ = try endless.feed(chunk) }
        } catch {
            thrown = error
        }
        #expect(thrown == .headTooLarge(limit: 16 * 1024))

        let fields = (0..<5).map { "X-\($0): v\r\n" }.joined()
        let head = "GET / HTTP/1.1\r\n" + fields + "\r\n"
        #expect(Self.requestError(head, parser: HTTPRequestHeadParser(maximumHeaderCount: 5)) == nil)
        #expect(Self.requestError(head, parser: HTTPRequestHeadParser(maximumHeaderCount: 4)) == .tooManyHeaders(limit: 4))
        let many = "GET / HTTP/1.1\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(Self.requestError(many) == .tooManyHeaders(limit: 100))
    }

    @Test("RFC9112-2.2-CRLF: lines must end with CRLF; a bare LF or a bare CR is rejected")
    func lineEnds() {
        #expect(Self.requestError("GET / HTTP/1.1\nHost: a\r\n\r\n") == .bareLineFeed)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost: a\n\n") == .bareLineFeed)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") == .bareCarriageReturn)
    }

    @Test("RFC9112-3-REQUEST-LINE: the request line is method SP target SP HTTP/DIGIT.DIGIT")
    func requestLine() throws {
        #expect(Self.requestError("GET /\r\n\r\n") == .missingVersion)
        #expect(Self.requestError("GET  / HTTP/1.1\r\n\r\n") == .invalidRequestLine)
        #expect(Self.requestError("GET / HTTP/1.1 x\r\n\r\n") == .invalidRequestLine)
        #expect(Self.requestError("\r\n") == .invalidRequestLine)
        #expect(Self.requestError("GE(T / HTTP/1.1\r\n\r\n") == .invalidMethod)
        #expect(Self.requestError("GET /\u{7F} HTTP/1.1\r\n\r\n") == .invalidTarget)
        #expect(Self.requestError("GET / HTTP/11\r\n\r\n") == .invalidVersion)
        #expect(Self.requestError("GET / http/1.1\r\n\r\n") == .invalidVersion)
        #expect(Self.requestError("GET / HTTP/1.10\r\n\r\n") == .invalidVersion)
        guard case .complete(let head, _) = try Self.parseRequest("OPTIONS * HTTP/1.0\r\n\r\n") else {
            Issue.record("did not parse")
            return
        }
        #expect(head.method == "OPTIONS" && head.target == "*" && head.version == HTTPVersion(major: 1, minor: 0))
        #expect(head.headers.isEmpty && head.query == nil)
    }

    @Test("RFC9112-4-STATUS-LINE: the status line is HTTP/DIGIT.DIGIT SP 3DIGIT SP reason, the reason may be empty")
    func statusLine() throws {
        func parse(_ text: String) throws(HTTPHeadError) -> HTTPResponseHead? {
            var parser = HTTPResponseHeadParser()
            guard case .complete(let head, _) = try parser.feed(Array(text.utf8)) else { return nil }
            return head
        }
        let head = try parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
        #expect(head?.status == 101 && head?.reason == "Switching Protocols" && head?.headers.first("upgrade") == "websocket")
        #expect(try parse("HTTP/1.1 204\r\n\r\n")?.reason == "")
        #expect(try parse("HTTP/1.1 200 \r\n\r\n")?.reason == "")
        #expect(throws: HTTPHeadError.invalidStatusCode) { try parse("HTTP/1.1 20 OK\r\n\r\n") }
        #expect(throws: HTTPHeadError.invalidStatusCode) { try parse("HTTP/1.1 099 Low\r\n\r\n") }
        #expect(throws: HTTPHeadError.invalidStatusCode) { try parse("HTTP/1.1 1x1 OK\r\n\r\n") }
        #expect(throws: HTTPHeadError.invalidVersion) { try parse("HTTX/1.1 101 OK\r\n\r\n") }
        #expect(throws: HTTPHeadError.invalidStatusLine) { try parse("HTTP/1.1\r\n\r\n") }
        #expect(throws: HTTPHeadError.invalidReasonPhrase) { try parse("HTTP/1.1 200 O\u{1}K\r\n\r\n") }
    }

    @Test("RFC9112-5.1-FIELD-SYNTAX: names are tokens with no space before the colon, values have no controls and are trimmed")
    func fieldSyntax() throws {
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == .whitespaceBeforeColon)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHo st: a\r\n\r\n") == .invalidHeaderName)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHo(st: a\r\n\r\n") == .invalidHeaderName)
        #expect(Self.requestError("GET / HTTP/1.1\r\n: a\r\n\r\n") == .invalidHeaderName)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost a\r\n\r\n") == .missingColon)
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost: a\u{0}b\r\n\r\n") == .invalidHeaderValue(name: "Host"))
        #expect(Self.requestError("GET / HTTP/1.1\r\nHost: a\u{7F}\r\n\r\n") == .invalidHeaderValue(name: "Host"))
        guard case .complete(let head, _) = try Self.parseRequest("GET / HTTP/1.1\r\nX-A: \t a b \t\r\nX-Empty:\r\nX-UTF8: caf\u{e9}\r\n\r\n") else {
            Issue.record("did not parse")
            return
        }
        #expect(head.headers.first("x-a") == "a b")
        #expect(head.headers.first("X-EMPTY") == "")
        #expect(head.headers.first("x-utf8") == "caf\u{e9}")
    }

    @Test("RFC9112-5.2-OBS-FOLD: a header line starting with whitespace (obsolete folding) is rejected")
    func obsoleteFolding() {
        #expect(Self.requestError("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n") == .obsoleteLineFolding)
        #expect(Self.requestError("GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test("RFC9110-5.3-REPEATED-FIELDS: repeated fields keep their order and combine into one token list, names match case-insensitively")
    func repeatedFields() throws {
        let text = "GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nX-List: a\r\nconnection: ,close , \r\nX-LIST: b,c\r\n\r\n"
        guard case .complete(let head, _) = try Self.parseRequest(text) else {
            Issue.record("did not parse")
            return
        }
        let headers = head.headers
        #expect(headers.count == 4)
        #expect(headers.values("CONNECTION") == ["keep-alive, Upgrade", ",close ,"])
        #expect(headers.tokens("connection") == ["keep-alive", "Upgrade", "close"])
        #expect(headers.tokens("x-list") == ["a", "b", "c"])
        #expect(headers.first("x-list") == "a")
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(!headers.containsToken("upgrad", in: "Connection"))
        #expect(headers.first("missing") == nil && headers.values("missing").isEmpty && headers.tokens("missing").isEmpty)
        #expect(headers.fields.map(\.name) == ["Connection", "X-List", "connection", "X-LIST"])
        var edited = headers
        edited.removeAll(named: "x-list")
        #expect(edited.count == 2 && !edited.contains("X-List"))
    }

    @Test("WS-HTTP-HEAD-INCREMENTAL: path and query split at the first ?, absolute-form targets give their path")
    func pathAndQuery() {
        #expect(HTTPRequestHead(method: "GET", target: "/a/b").path == "/a/b")
        #expect(HTTPRequestHead(method: "GET", target: "/a/b").query == nil)
        #expect(HTTPRequestHead(method: "GET", target: "/a?").query == "")
        #expect(HTTPRequestHead(method: "GET", target: "/a?b?c").query == "b?c")
        #expect(HTTPRequestHead(method: "GET", target: "http://h:80/p?q").path == "/p")
        #expect(HTTPRequestHead(method: "GET", target: "http://h?q").path == "/")
    }

    @Test("WS-HTTP-HEAD-INCREMENTAL: random bytes never trap; the parser answers or throws")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var parser = HTTPRequestHeadParser(maximumHeadSize: 512)
            let prefix = Array("GET / HTTP/1.1\r\n".utf8)
            let noise = (0..<Int.random(in: 0...600, using: &generator)).map { _ in
                [UInt8(13), 10, 32, 58, 65, UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator)!
            }
            _ = try? parser.feed(prefix + noise)
        }
    }
}
