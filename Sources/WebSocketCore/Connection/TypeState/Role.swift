/// Which end of a connection this side is: it decides who masks (RFC 6455 §5.1, §5.3).
public enum Role: Sendable, Hashable {
    /// Accepts connections; sends unmasked frames and requires masked ones.
    case server
    /// Opens connections; masks every frame it sends and refuses masked ones.
    case client
}
