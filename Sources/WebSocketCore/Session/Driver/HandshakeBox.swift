/// A handshake-only value of `SessionState` (a request reader, a body reader, the client's handshake driver) held
/// by reference, so the state enum's inline size is that of an open connection's case, not of the largest
/// handshake value: every open session would otherwise carry that space for its whole life. Mutated in place
/// while the handshake runs; released when the state moves on. Never on the open connection's path.
final class HandshakeBox<Value> {
    /// The boxed value.
    var value: Value

    /// Boxes `value`.
    init(_ value: Value) {
        self.value = value
    }
}
