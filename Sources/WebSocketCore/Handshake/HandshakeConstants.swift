/// Fixed values of the WebSocket opening handshake (RFC 6455 §1.3, §4).
public enum Handshake {
    /// The GUID appended to `Sec-WebSocket-Key` before hashing to form `Sec-WebSocket-Accept` (RFC 6455 §1.3).
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version this library speaks, sent in `Sec-WebSocket-Version` (RFC 6455 §4.1).
    public static let version = "13"
    /// The number of random bytes in a `Sec-WebSocket-Key` nonce (RFC 6455 §4.1).
    public static let keyByteCount = 16
}
