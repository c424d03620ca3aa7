/// What travels in one direction of a `SessionPair`'s network, in order: the bytes of one `write` action, or the
/// end of the stream (the sender's FIN, after everything it wrote before).
enum ModelSegment: Hashable {
    /// The bytes of one `write` action.
    case bytes([UInt8])
    /// The sender's FIN: the receiver gets `endOfStream`.
    case fin
}
