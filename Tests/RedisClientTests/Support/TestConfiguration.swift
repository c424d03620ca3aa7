import RedisClient

extension RedisConfiguration {
    /// A configuration for 127.0.0.1:`port` with the test's fast timers: back-off 20 ms capped at 100 ms (seeded),
    /// pings every second.
    static func test(
        port: Int, password: String? = nil, user: String? = nil, database: Int = 0,
        protocolVersion: RedisProtocolVersion = .resp3
    ) -> RedisConfiguration {
        var configuration = RedisConfiguration(
            url: RedisURL(host: "127.0.0.1", port: port, user: user, password: password, database: database))
        configuration.protocolVersion = protocolVersion
        configuration.backoff = RedisBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
        configuration.randomSeed = 7
        configuration.connectTimeout = .seconds(2)
        configuration.pingInterval = .seconds(1)
        configuration.pingTimeout = .seconds(2)
        return configuration
    }
}
