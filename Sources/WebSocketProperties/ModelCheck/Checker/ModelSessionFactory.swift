/// What every `SessionPair` of a check starts from: the configuration (validated once), the client's handshake
/// driver with a fixed key and masking keys, and the server's request reader. Both are values, copied into each
/// pair's fresh sessions.
public struct ModelSessionFactory: Sendable {
    /// The bounds and settings.
    public let configuration: ModelCheckConfiguration
    let driver: ClientHandshakeDriver
    let reader: SharedRequestReader
    let shared: SharedSessionConfiguration

    /// Validates `configuration` and prepares the handshakes. Throws when the session settings are invalid.
    public init(configuration: ModelCheckConfiguration) throws {
        try configuration.session.validate()
        self.configuration = configuration
        let handshake = try ClientHandshake(host: "model.test", target: "/", key: "dGhlIHNhbXBsZSBub25jZQ==")
        driver = try ClientHandshakeDriver(
            handshake: handshake, configuration: configuration.session.connection, keySource: ModelMaskingKeySource())
        reader = SharedRequestReader(try ServerHandshakeReader(configuration: configuration.session.connection))
        shared = SharedSessionConfiguration(configuration.session)
    }

    /// A fresh client session.
    func makeClient() -> WebSocketSession {
        WebSocketSession(client: driver, validatedConfiguration: shared, now: .origin)
    }

    /// A fresh server session.
    func makeServer() -> WebSocketSession {
        WebSocketSession(server: reader, validatedConfiguration: shared, now: .origin)
    }
}
