import RedisClient
import Testing

@Suite struct RedisBackoffTests {
    @Test("REDIS-BACKOFF: ceilings double from the initial delay and stop at the cap")
    func ceilings() {
        let backoff = RedisBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        #expect((0..<6).map { backoff.ceiling(attempt: $0) } == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
        ])
        #expect(backoff.ceiling(attempt: 1_000_000) == .seconds(1))
        #expect(backoff.ceiling(attempt: -3) == .milliseconds(100))
        let flat = RedisBackoff(initialDelay: .seconds(2), maximumDelay: .seconds(1))
        #expect(flat.maximumDelay == .seconds(2))
    }

    @Test("REDIS-BACKOFF: full jitter: delays are uniform under the ceiling, never above the cap, spread out", arguments: [UInt64(1), 7, 42])
    func jitter(seed: UInt64) {
        let backoff = RedisBackoff(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(400))
        var random = Xorshift64Star(seed: seed)
        for attempt in 0..<20 {
            var delays: [Duration] = []
            for _ in 0..<200 { delays.append(backoff.delay(attempt: attempt, using: &random)) }
            let ceiling = backoff.ceiling(attempt: attempt)
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= ceiling && $0 <= .milliseconds(400) })
            // Full jitter: some delays in the lower and upper quarters of the range.
            #expect(delays.contains { $0 < ceiling / 4 } && delays.contains { $0 > ceiling * 3 / 4 })
        }
    }

    @Test("REDIS-BACKOFF: a seeded schedule is reproducible, counts attempts and starts over after reset")
    func schedule() {
        let backoff = RedisBackoff(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(80))
        var first = RedisReconnectSchedule(backoff: backoff, seed: 99)
        var second = RedisReconnectSchedule(backoff: backoff, seed: 99)
        let a = (0..<10).map { _ in first.nextDelay() }
        let b = (0..<10).map { _ in second.nextDelay() }
        #expect(a == b)
        #expect(first.attempt == 10)
        #expect(a.enumerated().allSatisfy { $0.element <= backoff.ceiling(attempt: $0.offset) })
        var other = RedisReconnectSchedule(backoff: backoff, seed: 100)
        #expect((0..<10).map { _ in other.nextDelay() } != a)
        first.reset()
        #expect(first.attempt == 0)
        #expect(first.nextDelay() <= .milliseconds(10))
    }
}
