/// The bounds of a model check and the sessions' settings.
public struct ModelCheckConfiguration: Sendable {
    /// How many moves a run explores before the deterministic completion takes over.
    public var depth: Int
    /// How many application messages the two applications send in all.
    public var messages: Int
    /// How many application pings the two applications send in all.
    public var pings: Int
    /// How many network faults (`loss` or an early `endOfStream`) a run may contain.
    public var faults: Int
    /// The longest completion (network deliveries and timers in order, after the applications close) before
    /// "both sides reach closed" counts as violated.
    public var completionLimit: Int
    /// The close code each application closes with (different, so "codes agree" can tell them apart).
    public var clientCloseCode: CloseCode
    /// See `clientCloseCode`.
    public var serverCloseCode: CloseCode
    /// Whether the server's application echoes every message it receives.
    public var serverEchoes: Bool
    /// The sessions' settings: small timeouts so that timer moves matter within the bound.
    public var session: SessionConfiguration
    /// Whether states already explored (by their fingerprint, with at least as many moves left) are pruned.
    public var prune: Bool

    /// A check to `depth` moves with `messages` messages, `pings` pings and `faults` faults; keepalive every 2 s
    /// (3 s for the pong), close timeout 1 s, handshake timeout 5 s.
    public init(depth: Int, messages: Int = 1, pings: Int = 1, faults: Int = 1) {
        self.depth = depth
        self.messages = messages
        self.pings = pings
        self.faults = faults
        self.completionLimit = 80
        self.clientCloseCode = .normalClosure
        self.serverCloseCode = CloseCode(4001)
        self.serverEchoes = true
        self.prune = true
        var session = SessionConfiguration()
        session.keepalive = KeepalivePolicy(interval: .seconds(2), timeout: .seconds(3))
        session.closeTimeout = .seconds(1)
        session.handshakeTimeout = .seconds(5)
        session.idleTimeout = nil
        session.extensionIdleMemoryRelease = nil
        self.session = session
    }

    /// The bound `swift test` runs, with exact fingerprints: about 45,000 states in 9-16 s of a debug build on two
    /// shared cores.
    public static let test = ModelCheckConfiguration(depth: 7)

    /// The deeper bound of `ws check` without `--depth`: about 880,000 states in 45 s of a release build.
    public static let deep = ModelCheckConfiguration(depth: 10)
}
