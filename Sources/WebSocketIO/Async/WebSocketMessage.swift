import Synchronization

/// A message as the async API delivers it: text as `String`, binary as bytes.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])

    init(_ message: Message) {
        switch message.kind {
        case .text: self = .text(String(decoding: message.bytes, as: UTF8.self))
        case .binary: self = .binary(message.bytes)
        }
    }

    /// The payload's size in bytes (UTF-8 for text).
    var payloadCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        }
    }

    var coreMessage: Message {
        switch self {
        case .text(let string): .text(string)
        case .binary(let bytes): .binary(bytes)
        }
    }
}
