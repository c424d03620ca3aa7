/// How a receiver treats a payload length encoded in more bytes than needed (e.g. 5 in the 16-bit form).
///
/// RFC 6455 §5.2 says the minimal number of bytes MUST be used, but does not say what a receiver does with a
/// non-minimal one. We reject by default, as a protocol error (1002), because a conforming peer never sends one;
/// `.accept` exists for interoperating with lax peers.
public enum NonMinimalLengthPolicy: Sendable, Hashable {
    /// Fail the connection with `ProtocolViolation.nonMinimalLength` (close 1002).
    case reject
    /// Accept the frame as if its length had been minimally encoded.
    case accept
}
