/// Where a session is, with the typed connection of that state: what can be done next follows from the case.
/// The handshake-only values are boxed (`HandshakeBox`) so an open session does not carry their size inline.
enum SessionState: ~Copyable {
    /// Server: reading the client's upgrade request.
    case readingRequest(HandshakeBox<ServerHandshakeReader>)
    /// Server: a valid upgrade request waits for the application's `accept` or `reject`.
    case upgradePending(Connection<Pending>)
    /// Server: reading the body of a plain HTTP request.
    case readingBody(HandshakeBox<HTTPRequestBodyReader>)
    /// Server: a plain HTTP request waits for the application's `respond`.
    case httpPending(HTTPExchange)
    /// Client: the request is sent (or about to be); reading the server's response.
    case readingResponse(HandshakeBox<ClientHandshakeDriver>)
    /// Both sides may send data.
    case open(Connection<Open>)
    /// Our close is sent; waiting for the peer's.
    case closing(Connection<Closing>)
    /// The close handshake is over or the connection failed; the transport is closing.
    case closed(Connection<Closed>)
    /// The handshake never completed (rejected, failed, timed out): only the transport is left to close.
    case ended
}
