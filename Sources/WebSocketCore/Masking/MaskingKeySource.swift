/// Where a client connection draws its masking keys from (RFC 6455 §5.3: unpredictable, fresh per frame).
public protocol MaskingKeySource: Sendable {
    /// The key for the next frame.
    mutating func nextKey() -> MaskingKey
}
