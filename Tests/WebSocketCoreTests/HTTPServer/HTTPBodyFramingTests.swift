import Testing
@testable import WebSocketCore

@Suite("HTTP request body framing")
struct HTTPBodyFramingTests {
    static func head(_ fields: [(String, String)], method: String = "POST", version: HTTPVersion = .http11) -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: "/upload", version: version, headers: HTTPHeaders([("Host", "x")] + fields))
    }

    static func framing(_ head: HTTPRequestHead, limit: Int = 1000) -> Result<HTTPBodyFraming, HTTPRequestError> {
        Result { () throws(HTTPRequestError) in try HTTPBodyFraming(of: head, maximumBodySize: limit) }
    }

    @Test("RFC9112-6.3-FRAMING: ambiguous or unsupported framing is refused with 400 or 501; a clear one is read")
    func refusedFraming() {
        let cases: [([(String, String)], HTTPVersion, Result<HTTPBodyFraming, HTTPRequestError>)] = [
            ([("Content-Length", "5")], .http11, .success(.length(5))),
            ([("Content-Length", "5"), ("Content-Length", "5")], .http11, .success(.length(5))),
            ([("Content-Length", "5, 5")], .http11, .success(.length(5))),
            ([("Content-Length", "007")], .http11, .success(.length(7))),
            ([("Transfer-Encoding", "chunked")], .http11, .success(.chunked)),
            ([("Transfer-Encoding", "CHUNKED")], .http11, .success(.chunked)),
            ([("Content-Length", "5"), ("Content-Length", "6")], .http11, .failure(.invalidContentLength)),
            ([("Content-Length", "5, 6")], .http11, .failure(.invalidContentLength)),
            ([("Content-Length", "-1")], .http11, .failure(.invalidContentLength)),
            ([("Content-Length", "0x10")], .http11, .failure(.invalidContentLength)),
            ([("Content-Length", "")], .http11, .failure(.invalidContentLength)),
            ([("Content-Length", "5"), ("Transfer-Encoding", "chunked")], .http11, .failure(.conflictingFraming)),
            ([("Transfer-Encoding", "chunked")], HTTPVersion(major: 1, minor: 0), .failure(.transferEncodingInHTTP10)),
            ([("Transfer-Encoding", "chunked, gzip")], .http11, .failure(.chunkedNotFinal)),
            ([("Transfer-Encoding", "chunked, chunked")], .http11, .failure(.chunkedNotFinal)),
            ([("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")], .http11, .failure(.chunkedNotFinal)),
            ([("Transfer-Encoding", "gzip")], .http11, .failure(.chunkedNotFinal)),
            ([("Transfer-Encoding", "gzip, chunked")], .http11, .failure(.unsupportedTransferCoding("gzip"))),
        ]
        for (fields, version, expected) in cases {
            #expect(Self.framing(Self.head(fields, version: version)) == expected, "\(fields) \(version)")
        }
        #expect(HTTPRequestError.unsupportedTransferCoding("gzip").status == 501)
        #expect(HTTPRequestError.conflictingFraming.status == 400)
        // Host: exactly one in HTTP/1.1.
        let noHost = HTTPRequestHead(method: "GET", target: "/", headers: HTTPHeaders())
        #expect(Self.framing(noHost) == .failure(.invalidHost))
        let twoHosts = HTTPRequestHead(method: "GET", target: "/", headers: ["Host": "a"])
        var doubled = twoHosts
        doubled.headers.append(name: "Host", value: "b")
        #expect(Self.framing(doubled) == .failure(.invalidHost))
        #expect(Self.framing(HTTPRequestHead(method: "GET", target: "/", version: HTTPVersion(major: 1, minor: 0), headers: HTTPHeaders())) == .success(.length(0)))
    }

    @Test("RFC9110-15.5.12-LENGTH-REQUIRED: POST, PUT and PATCH need a length or chunked framing; GET without one has no body")
    func lengthRequired() {
        for method in ["POST", "PUT", "PATCH"] {
            #expect(Self.framing(Self.head([], method: method)) == .failure(.lengthRequired), "\(method)")
        }
        #expect(HTTPRequestError.lengthRequired.status == 411)
        for method in ["GET", "HEAD", "DELETE", "OPTIONS"] {
            #expect(Self.framing(Self.head([], method: method)) == .success(.length(0)), "\(method)")
        }
    }

    @Test("RFC9110-15.5.14-BODY-LIMIT: a declared length over the limit is 413 at once, however many digits it has; exactly the limit passes")
    func declaredLengthLimit() {
        #expect(Self.framing(Self.head([("Content-Length", "1000")])) == .success(.length(1000)))
        #expect(Self.framing(Self.head([("Content-Length", "0001000")])) == .success(.length(1000)))
        for declared in ["1001", "9999", "18446744073709551616", String(repeating: "9", count: 400)] {
            #expect(Self.framing(Self.head([("Content-Length", declared)])) == .failure(.bodyTooLarge(limit: 1000)), "\(declared.prefix(30))")
        }
        #expect(HTTPRequestError.bodyTooLarge(limit: 1).status == 413)
    }
}
