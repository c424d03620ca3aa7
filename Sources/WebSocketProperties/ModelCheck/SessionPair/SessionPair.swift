/// The world of the model check: a client and a server `WebSocketSession` wired back to back through a model of
/// TCP, with one fake clock.
///
/// The network carries, in each direction, the segments the sender's `write` actions made (one per action), in
/// order. `closeTransport` sends a FIN behind the sender's queued bytes: the peer gets `endOfStream` once it
/// received them; a side whose FIN went out and who received the peer's FIN has its transport closed
/// (`transportClosed`, reported by a move). `abortTransport` resets the connection: every byte in flight is
/// dropped and both sides' transports are closed. Time moves only when a timer fires: the clock jumps to the
/// timer's instant (never backwards). The server's application accepts the upgrade when it is delivered, and
/// (optionally) echoes messages. Sessions cannot be copied, so a state is rebuilt by replaying its moves
/// (`replay`).
public final class SessionPair {
    /// The bounds and settings.
    public let configuration: ModelCheckConfiguration
    /// The fake clock.
    public internal(set) var now = SessionInstant.origin
    /// The moves applied so far.
    public internal(set) var moves: [ModelMove] = []
    /// Every safety violation seen so far (recorded as actions are performed).
    public internal(set) var violations: [ModelViolation] = []
    /// What happened, one line per move and action, when made with `tracing`.
    public internal(set) var log: [String]?

    /// The client's side.
    let client: ModelEndpoint
    /// The server's side.
    let server: ModelEndpoint
    /// The segments in flight towards the client and towards the server.
    var inFlight: [[ModelSegment]] = [[], []]
    /// The connection was reset or the network died: nothing more is carried.
    var connectionDown = false
    /// Network faults (`loss`, `endOfStream`) so far.
    var faultsUsed = 0
    /// Application messages sent so far (both sides).
    var messagesSent = 0
    /// Application pings sent so far (both sides).
    var pingsSent = 0

    /// The initial state: the client's request is queued, both handshake timeouts run.
    public init(factory: ModelSessionFactory, tracing: Bool = false) {
        self.configuration = factory.configuration
        self.log = tracing ? [] : nil
        client = ModelEndpoint(session: factory.makeClient(), side: .client)
        server = ModelEndpoint(session: factory.makeServer(), side: .server)
        for endpoint in [client, server] {
            endpoint.session.start(now: now)
            drain(endpoint)
        }
    }

    /// The state after `moves` from the initial state (moves that are not enabled are skipped, and logged).
    public static func replay(_ moves: [ModelMove], factory: ModelSessionFactory, tracing: Bool = false) -> SessionPair {
        let pair = SessionPair(factory: factory, tracing: tracing)
        for move in moves { pair.apply(move) }
        return pair
    }

    func endpoint(_ side: ModelSide) -> ModelEndpoint { side == .client ? client : server }

    /// The phase of a side's session.
    public func phase(_ side: ModelSide) -> SessionPhase { endpoint(side).session.phase }

    /// How a side's connection ended, once it did.
    public func closure(_ side: ModelSide) -> SessionClosure? { endpoint(side).session.closure }

    /// Both transports are gone and both sessions closed or ended.
    public var bothFinished: Bool { client.isFinished && server.isFinished }
}
