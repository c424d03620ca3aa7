/// Reads and validates a client's opening handshake (RFC 6455 §4.2.1), sans IO: feed it bytes until it yields a
/// `Connection<Pending>` for the application to accept or reject, or a rejection to send.
public struct ServerHandshakeReader: Sendable {
    /// What the bytes so far amount to.
    public enum Step: ~Copyable {
        /// The request head is not complete yet.
        case needMoreData
        /// A valid upgrade request: answer it with `accept` or `reject`.
        case upgradeRequested(Connection<Pending>)
        /// The request is not a valid WebSocket upgrade. `head` is the parsed request when the HTTP itself was fine
        /// (a plain `GET /` for a web page, say), so a server can route it to an HTTP handler; `response` is the
        /// default answer (400, 405, 426 with `Sec-WebSocket-Version: 13`, or 431).
        case rejected(HandshakeRejection, head: HTTPRequestHead?, response: [UInt8])
    }

    private var parser: HTTPRequestHeadParser
    private let configuration: ConnectionConfiguration
    private let extensions: [any WebSocketExtensionFactory]
    private var done = false
    /// After `.rejected` with a head: the bytes of that input after the head (a plain request's body, or the next
    /// pipelined request), for whoever serves the request.
    public private(set) var bytesAfterHead: [UInt8] = []

    /// A reader enforcing `configuration.limits` on the head, negotiating `extensions` (server's preference order).
    /// Throws `ConfigurationError` when the limits are invalid (`Limits.validate()`).
    public init(
        configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtensionFactory] = []
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.extensions = extensions
        self.parser = HTTPRequestHeadParser(
            maximumHeadSize: configuration.limits.maximumHandshakeSize,
            maximumHeaderCount: configuration.limits.maximumHeaderCount)
    }

    /// Feeds the next bytes from the client. Bytes after the head are kept for the connection.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> Step {
        feed(bytes)
    }

    /// Feeds the next bytes from the client.
    public mutating func receive(_ bytes: [UInt8]) -> Step {
        feed(bytes)
    }

    private mutating func feed(_ bytes: some Collection<UInt8>) -> Step {
        guard !done else { return .needMoreData }
        let head: HTTPRequestHead
        let consumed: Int
        do {
            switch try parser.feed(bytes) {
            case .needMoreData: return .needMoreData
            case .complete(let parsed, let count): (head, consumed) = (parsed, count)
            }
        } catch {
            done = true
            let rejection = HandshakeRejection.malformedRequest(error)
            return .rejected(rejection, head: nil, response: rejection.responseBytes())
        }
        done = true
        let request: UpgradeRequest
        do {
            request = try ServerHandshake.validate(head)
        } catch {
            bytesAfterHead = Array(bytes.dropFirst(consumed))
            return .rejected(error, head: head, response: error.responseBytes())
        }
        let machine = ProtocolMachine(
            role: .server, configuration: configuration, extensions: [], keySource: SystemMaskingKeySource())
        machine.pendingInput = Array(bytes.dropFirst(consumed))
        return .upgradeRequested(Connection<Pending>(machine: machine, request: request, factories: extensions))
    }
}
