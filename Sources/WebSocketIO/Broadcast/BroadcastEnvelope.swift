import WebSocketCore

/// A publication as it crosses a `BroadcastBackplane` between nodes: who published it, in which room, its place in
/// that node's sequence for the room, and the message.
///
/// The wire form is versioned, so that nodes of different versions fail clearly instead of misdelivering
/// (`WS-BACKPLANE-ENVELOPE`):
///
/// | bytes | field |
/// | --- | --- |
/// | 4 | magic `WSBP` |
/// | 1 | version (1) |
/// | 1 | kind: 1 text, 2 binary |
/// | 1 + n | origin node ID: length, then UTF-8 (1…255 bytes) |
/// | 8 | stream, big-endian: drawn at random when the origin starts numbering the room, so that a restarted node's sequence is new, not a duplicate |
/// | 2 + n | room: big-endian length, then UTF-8 (0…65,535 bytes) |
/// | 8 | sequence, big-endian: 1 for the node's first publication to the room, then +1 each |
/// | rest | the message payload (UTF-8 for text) |
public struct BroadcastEnvelope: Sendable, Hashable {
    /// The version this library writes and reads.
    public static let version: UInt8 = 1
    /// The first four bytes of every envelope.
    static let magic: [UInt8] = Array("WSBP".utf8)

    /// The node that published the message.
    public var origin: String
    /// The numbering this publication belongs to: random per origin and room, new when the origin restarts.
    public var stream: UInt64
    /// The room it was published to.
    public var room: String
    /// Its place in `origin`'s publications to `room`, from 1.
    public var sequence: UInt64
    /// The message.
    public var message: Message

    /// An envelope for `message`, published by `origin` to `room` in `stream` as its `sequence`th
    /// publication there.
    public init(origin: String, stream: UInt64, room: String, sequence: UInt64, message: Message) {
        self.origin = origin
        self.stream = stream
        self.room = room
        self.sequence = sequence
        self.message = message
    }

    /// The wire form. `origin` must be 1…255 bytes of UTF-8 and `room` at most 65,535 (`BroadcastHub` checks both).
    public func encoded() -> [UInt8] {
        let originBytes = Array(origin.utf8.prefix(255))
        let roomBytes = Array(room.utf8.prefix(Int(UInt16.max)))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + 1 + 1 + 1 + originBytes.count + 2 + roomBytes.count + 8 + message.bytes.count)
        bytes += Self.magic
        bytes.append(Self.version)
        bytes.append(message.kind == .text ? 1 : 2)
        bytes.append(UInt8(originBytes.count))
        bytes += originBytes
        Self.append(stream, to: &bytes)
        bytes.append(UInt8(roomBytes.count >> 8))
        bytes.append(UInt8(roomBytes.count & 0xFF))
        bytes += roomBytes
        Self.append(sequence, to: &bytes)
        bytes += message.bytes
        return bytes
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Reads an envelope, or says exactly why `bytes` is not one this version can deliver.
    public init(decoding bytes: [UInt8]) throws(BroadcastEnvelopeError) {
        var reader = EnvelopeReader(bytes)
        guard try reader.take(4) == Self.magic[...] else { throw .notAnEnvelope }
        let version = try reader.byte()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let kind: Message.Kind
        switch try reader.byte() {
        case 1: kind = .text
        case 2: kind = .binary
        case let other: throw .unknownKind(other)
        }
        let originLength = Int(try reader.byte())
        guard originLength > 0 else { throw .emptyOrigin }
        guard let origin = String(validating: try reader.take(originLength), as: UTF8.self) else { throw .invalidUTF8 }
        let stream = try reader.uint64()
        let roomLength = Int(try reader.byte()) << 8 | Int(try reader.byte())
        guard let room = String(validating: try reader.take(roomLength), as: UTF8.self) else { throw .invalidUTF8 }
        let sequence = try reader.uint64()
        guard sequence > 0 else { throw .zeroSequence }
        let payload = Array(reader.rest())
        if kind == .text && String(validating: payload, as: UTF8.self) == nil { throw .invalidUTF8 }
        self.init(origin: origin, stream: stream, room: room, sequence: sequence, message: Message(kind: kind, bytes: payload))
    }
}

/// Reads fields off the front of an envelope.
private struct EnvelopeReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ count: Int) throws(BroadcastEnvelopeError) -> ArraySlice<UInt8> {
        guard bytes.count - offset >= count else { throw .truncated }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func byte() throws(BroadcastEnvelopeError) -> UInt8 { try take(1).first! }

    mutating func uint64() throws(BroadcastEnvelopeError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try take(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    func rest() -> ArraySlice<UInt8> { bytes[offset...] }
}
