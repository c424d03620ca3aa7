import Foundation
@testable import WebSocketIO

/// An HTTP response as read from a raw socket.
struct RawHTTPResponse: Sendable {
    var status: Int
    var reason: String
    var headers: HTTPHeaders
    var body: [UInt8]
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Parses a complete response head and its `Content-Length` body from the front of `bytes`.
    static func parse(_ bytes: [UInt8]) -> (value: RawHTTPResponse, used: Int)? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(terminator) })
        else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first("Content-Length") ?? "0") ?? 0
        let bodyStart = end + 4
        guard bytes.count >= bodyStart + length else { return nil }
        let response = RawHTTPResponse(
            status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "", headers: headers,
            body: Array(bytes[bodyStart..<(bodyStart + length)]))
        return (response, bodyStart + length)
    }
}
