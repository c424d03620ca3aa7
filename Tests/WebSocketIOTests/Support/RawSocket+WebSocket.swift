import Foundation
import Testing
@testable import WebSocketIO

// Speaking the opening handshake and frames by hand over a raw socket.

extension RawSocket {
    /// The key of RFC 6455 §1.3 and its accept value.
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="
    static let sampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    /// An upgrade request; `version` and `key` nil leave those fields out.
    static func upgradeRequest(
        path: String = "/", key: String? = sampleKey, version: String? = "13", extraLines: [String] = []
    ) -> [UInt8] {
        var lines = [
            "GET \(path) HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
        ]
        if let key { lines.append("Sec-WebSocket-Key: \(key)") }
        if let version { lines.append("Sec-WebSocket-Version: \(version)") }
        lines += extraLines
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Reads an HTTP response.
    func readResponse(within limit: Duration = stepLimit) async throws -> RawHTTPResponse {
        try await read("an HTTP response", within: limit, RawHTTPResponse.parse)
    }

    /// Sends a valid upgrade request and reads the response, which must be a 101.
    @discardableResult
    func upgrade(path: String = "/", extraLines: [String] = []) async throws -> RawHTTPResponse {
        try await write(Self.upgradeRequest(path: path, extraLines: extraLines))
        let response = try await readResponse()
        try #require(response.status == 101, "upgrade refused: \(response.status) \(response.bodyText)")
        return response
    }

    /// Reads one frame.
    func readFrame(within limit: Duration = stepLimit) async throws -> RawFrame {
        try await read("a frame", within: limit, RawFrame.parse)
    }

    /// Reads frames until a close frame; returns it (and throws if the connection ends first).
    func readUntilClose(within limit: Duration = stepLimit) async throws -> (close: RawFrame, before: [RawFrame]) {
        var before: [RawFrame] = []
        let deadline = ContinuousClock.now + limit
        while true {
            let frame = try await readFrame(within: max(deadline - ContinuousClock.now, .milliseconds(1)))
            if frame.opcode == RawFrame.close { return (frame, before) }
            before.append(frame)
        }
    }

    /// Reads a client's upgrade request and accepts it with a 101 (a hand-written server).
    @discardableResult
    func acceptUpgrade(extraLines: [String] = []) async throws -> String {
        let head = try await read("an upgrade request") { bytes -> (value: String, used: Int)? in
            let terminator: [UInt8] = Array("\r\n\r\n".utf8)
            guard bytes.count >= 4,
                let end = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(terminator) })
            else { return nil }
            return (String(decoding: bytes[..<end], as: UTF8.self), end + 4)
        }
        let keyLine = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }
        let key = try #require(keyLine?.split(separator: ":", maxSplits: 1).last).trimmingCharacters(in: .whitespaces)
        let lines = [
            "HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Accept: \(ServerHandshake.acceptValue(forKey: key))",
        ] + extraLines
        try await write(lines.joined(separator: "\r\n") + "\r\n\r\n")
        return head
    }

    /// Sends a (masked) frame.
    func send(_ frame: RawFrame, key: [UInt8]? = [0x37, 0xfa, 0x21, 0x3d]) async throws {
        try await write(frame.encoded(key: key))
    }
}
