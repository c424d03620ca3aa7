/// One of the two sessions of a `SessionPair`.
public enum ModelSide: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The client session (made with a `ClientHandshakeDriver`).
    case client
    /// The server session (made with a `ServerHandshakeReader`; its application accepts the upgrade).
    case server

    /// The other side.
    public var peer: ModelSide { self == .client ? .server : .client }

    /// One letter for move tokens: `c` or `s`.
    var letter: Character { self == .client ? "c" : "s" }

    /// "client" or "server".
    public var description: String { self == .client ? "client" : "server" }
}
