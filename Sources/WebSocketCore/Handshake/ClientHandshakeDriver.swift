/// Drives a client's opening handshake (RFC 6455 §4.1), sans IO: send `requestBytes`, feed the server's bytes
/// until it yields an open connection or a failure.
public struct ClientHandshakeDriver: Sendable {
    /// What the bytes so far amount to.
    public enum Step: ~Copyable {
        /// The response head is not complete yet.
        case needMoreData
        /// The server accepted: the connection is open. Bytes that arrived right after the 101 are processed by its
        /// first `receive` (see `hasBufferedInput`).
        case opened(Connection<Open>)
        /// The handshake failed; close the transport.
        case failed(ClientHandshakeFailure)
    }

    /// The handshake: request fields and the key the response must answer.
    public let handshake: ClientHandshake
    private var parser: HTTPResponseHeadParser
    private let configuration: ConnectionConfiguration
    private let factories: [any WebSocketExtensionFactory]
    private let keySource: any MaskingKeySource
    private var done = false

    /// A driver for `handshake` (built with `ClientHandshake`, which checks the request's values), with the
    /// extension factories whose offers `handshake` carries. Throws `ConfigurationError` when
    /// `configuration.limits` are invalid (`Limits.validate()`).
    public init(
        handshake: ClientHandshake, configuration: ConnectionConfiguration = .init(),
        extensions: [any WebSocketExtensionFactory] = [], keySource: any MaskingKeySource = SystemMaskingKeySource()
    ) throws(ConfigurationError) {
        try configuration.validate()
        self.handshake = handshake
        self.configuration = configuration
        self.factories = extensions
        self.keySource = keySource
        self.parser = HTTPResponseHeadParser(
            maximumHeadSize: configuration.limits.maximumHandshakeSize,
            maximumHeaderCount: configuration.limits.maximumHeaderCount)
    }

    /// The request to send.
    public var requestBytes: [UInt8] { handshake.requestBytes() }

    /// Feeds the next bytes from the server.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> Step { feed(bytes) }

    /// Feeds the next bytes from the server.
    public mutating func receive(_ bytes: [UInt8]) -> Step { feed(bytes) }

    private mutating func feed(_ bytes: some Collection<UInt8>) -> Step {
        guard !done else { return .needMoreData }
        let head: HTTPResponseHead
        let consumed: Int
        do {
            switch try parser.feed(bytes) {
            case .needMoreData: return .needMoreData
            case .complete(let parsed, let count): (head, consumed) = (parsed, count)
            }
        } catch {
            done = true
            return .failed(.malformedResponse(error))
        }
        done = true
        let result: ClientHandshakeResult
        do {
            result = try handshake.validate(head)
        } catch {
            let locations = head.headers.values("Location")
            if ClientHandshakeFailure.redirectStatuses.contains(head.status), locations.count == 1, !locations[0].isEmpty {
                return .failed(.redirected(status: head.status, location: locations[0]))
            }
            return .failed(.rejected(error))
        }
        let instances: [any WebSocketExtension]
        do {
            instances = try ExtensionNegotiation.clientAccept(responses: result.extensions, factories: factories)
        } catch {
            return .failed(.extensionRefused(error))
        }
        let machine = ProtocolMachine(
            role: .client, configuration: configuration, extensions: instances, keySource: keySource)
        machine.subprotocol = result.subprotocol
        machine.pendingInput = Array(bytes.dropFirst(consumed))
        return .opened(Connection<Open>(machine: machine))
    }
}
