import RedisClient
import Testing

@Suite struct RedisURLTests {
    @Test("REDIS-URL: host, port, percent-decoded user and password, database, TLS scheme")
    func parts() throws {
        let full = try RedisURL("redis://alice:p%40ss%3Aw0rd@cache.example.com:6380/3")
        #expect(full == RedisURL(host: "cache.example.com", port: 6380, user: "alice", password: "p@ss:w0rd", database: 3))
        let plain = try RedisURL("redis://localhost")
        #expect(plain.port == 6379 && plain.database == 0 && plain.user == nil && plain.password == nil && !plain.isSecure)
        let secure = try RedisURL("rediss://:secret@[::1]:7000/")
        #expect(secure.isSecure && secure.host == "::1" && secure.port == 7000 && secure.user == nil && secure.password == "secret")
        #expect(try RedisURL("redis://secret@h").password == "secret")
        #expect(try RedisURL("REDIS://h:1/15").database == 15)
    }

    @Test("REDIS-URL-REDACTED: a URL prints without its password")
    func redacted() throws {
        #expect(try RedisURL("redis://alice:p%40ss@cache:6380/3").description == "redis://alice:***@cache:6380/3")
        #expect(try RedisURL("rediss://:secret@[::1]:7000").description == "rediss://:***@[::1]:7000")
        #expect(try RedisURL("redis://h").description == "redis://h:6379")
    }

    @Test("REDIS-URL: malformed URLs are typed errors")
    func errors() {
        #expect(throws: RedisURLError.unsupportedScheme) { try RedisURL("http://h") }
        #expect(throws: RedisURLError.invalidHost) { try RedisURL("redis://") }
        #expect(throws: RedisURLError.invalidHost) { try RedisURL("redis://[::1") }
        #expect(throws: RedisURLError.invalidPort("0")) { try RedisURL("redis://h:0") }
        #expect(throws: RedisURLError.invalidPort("99999")) { try RedisURL("redis://h:99999") }
        #expect(throws: RedisURLError.invalidPort("x")) { try RedisURL("redis://h:x") }
        #expect(throws: RedisURLError.invalidDatabase("a")) { try RedisURL("redis://h/a") }
        #expect(throws: RedisURLError.invalidDatabase("-1")) { try RedisURL("redis://h/-1") }
        #expect(throws: RedisURLError.invalidPercentEncoding) { try RedisURL("redis://u:%zz@h") }
        #expect(throws: RedisURLError.invalidPercentEncoding) { try RedisURL("redis://u:%ff@h") }
        #expect(throws: RedisURLError.unsupportedQuery) { try RedisURL("redis://h?x=1") }
        #expect(throws: RedisURLError.unsupportedScheme) { try RedisConfiguration(url: "tcp://h") }
    }
}
