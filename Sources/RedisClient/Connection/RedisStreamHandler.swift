import Transport

/// The transport handler of one connection attempt: forwards its events to the engine, tagged with the attempt,
/// so events of a connection the engine already abandoned are ignored.
final class RedisStreamHandler: TCPConnectionHandler {
    private let engine: RedisEngine
    private let generation: Int
    /// The stream the engine writes to (the TCP connection, or the TLS stream over it).
    var stream: (any ByteStream)?
    /// The TLS stream, when there is one (for its failure reason).
    weak var secured: (any SecuredStream)?
    /// Why the TLS layer could not be set up, if it could not.
    var securityError: String?

    init(engine: RedisEngine, generation: Int) {
        self.engine = engine
        self.generation = generation
    }

    func connectionActive(_ connection: TCPConnection) {
        engine.streamActive(stream ?? connection, attempt: generation, securityError: securityError)
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        engine.received(bytes, attempt: generation)
    }

    func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        let failure = secured?.securityFailure.map { String(describing: $0) }
        engine.streamEnded(attempt: generation, error: error, securityFailure: failure)
        stream = nil
    }
}
