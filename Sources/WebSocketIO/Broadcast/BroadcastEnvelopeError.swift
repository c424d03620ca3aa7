/// Why bytes that arrived from a `BroadcastBackplane` are not a publication this node can deliver. The hub counts
/// and logs each one and delivers nothing (`WS-BACKPLANE-ENVELOPE`).
public enum BroadcastEnvelopeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes do not start with the envelope's magic (another program publishes on the channel).
    case notAnEnvelope
    /// A node of another version published it.
    case unsupportedVersion(UInt8)
    /// The bytes end inside a field.
    case truncated
    /// The message kind is neither text (1) nor binary (2).
    case unknownKind(UInt8)
    /// The origin node ID is empty.
    case emptyOrigin
    /// The origin, the room or a text payload is not UTF-8.
    case invalidUTF8
    /// The sequence number is 0 (numbering starts at 1).
    case zeroSequence

    /// What went wrong, for logs.
    public var description: String {
        switch self {
        case .notAnEnvelope: "not a broadcast envelope (no WSBP magic)"
        case .unsupportedVersion(let version): "envelope version \(version); this node reads version \(BroadcastEnvelope.version)"
        case .truncated: "envelope truncated"
        case .unknownKind(let kind): "unknown message kind \(kind)"
        case .emptyOrigin: "envelope without an origin node"
        case .invalidUTF8: "origin, room or text payload is not UTF-8"
        case .zeroSequence: "sequence number 0"
        }
    }
}
