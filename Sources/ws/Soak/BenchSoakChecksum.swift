import WebSocketCore

/// A running count and checksum of the messages of one connection, in order: what a client sent is compared with
/// what came back. The checksum is FNV-1a over 64-bit words (then the tail bytes), with the kind and length of each
/// message mixed in, so a lost, reordered, truncated or altered message changes it.
struct SoakChecksum: Hashable, Sendable, CustomStringConvertible {
    /// Messages added.
    private(set) var count = 0
    /// Payload bytes added.
    private(set) var bytes = 0
    /// The checksum so far.
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Adds the next message.
    mutating func add(_ message: Message) {
        count += 1
        bytes += message.bytes.count
        var hash = value
        hash = (hash ^ (message.kind == .text ? 1 : 2)) &* Self.prime
        hash = (hash ^ UInt64(message.bytes.count)) &* Self.prime
        message.bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for index in 0..<words {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* Self.prime
            }
            for index in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[index])) &* Self.prime }
        }
        value = hash
    }

    var description: String { "\(count) messages, \(bytes) B, checksum \(String(value, radix: 16))" }
}
