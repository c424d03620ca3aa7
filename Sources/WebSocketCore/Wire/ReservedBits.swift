/// The three reserved bits RSV1–RSV3 of a frame header (RFC 6455 §5.2), as an option set whose raw value
/// is their position in the first header byte (RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10).
public struct ReservedBits: OptionSet, Hashable, Sendable {
    /// The bits in the positions they have in the first byte of a frame header.
    public let rawValue: UInt8

    /// Bits from their first-header-byte positions; other bits of `rawValue` are dropped.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x70 }

    /// RSV1 (0x40), used by permessage-deflate to mark a compressed message.
    public static let rsv1 = ReservedBits(rawValue: 0x40)
    /// RSV2 (0x20).
    public static let rsv2 = ReservedBits(rawValue: 0x20)
    /// RSV3 (0x10).
    public static let rsv3 = ReservedBits(rawValue: 0x10)
}
