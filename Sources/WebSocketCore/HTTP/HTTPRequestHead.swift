/// The head of an HTTP/1.x request: request line and header fields (RFC 9112 §3, §5).
public struct HTTPRequestHead: Sendable, Hashable {
    /// The method token, e.g. `GET` (case-sensitive).
    public var method: String
    /// The request-target exactly as sent, e.g. `/chat?room=1`.
    public var target: String
    /// The protocol version of the request line.
    public var version: HTTPVersion
    /// The header fields in order.
    public var headers: HTTPHeaders

    /// A request head with the given parts.
    public init(method: String, target: String, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The path of the target: everything before the first `?` (for an absolute-form target such as
    /// `http://host/p?q`, the part after the authority, `/` when it is empty).
    public var path: String {
        let bytes = Array(target.utf8)
        let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        var start = 0
        if bytes.first != UInt8(ascii: "/"), let schemeEnd = Self.authorityStart(in: bytes[..<end]) {
            start = bytes[schemeEnd..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            if start == end { return "/" }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The index just after `://` in an absolute-form target, or nil.
    private static func authorityStart(in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/") && bytes[index + 2] == UInt8(ascii: "/") {
                return index + 3
            }
            index += 1
        }
        return nil
    }

    /// The query of the target: everything after the first `?`, or nil when there is no `?`.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }
}
