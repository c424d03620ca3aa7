/// The delays before successive reconnection attempts, sans IO: `nextDelay()` after each failure, `reset()` once a
/// connection is ready again. The random source is seeded (`RedisConfiguration.randomSeed`) or the system's.
public struct RedisReconnectSchedule: Sendable {
    /// The back-off this schedule follows.
    public let backoff: RedisBackoff
    /// Failed attempts since the last ready connection.
    public private(set) var attempt = 0
    private var generator: RedisRandomSource

    /// A schedule drawing jitter from a generator seeded with `seed`, or from the system's random numbers when nil.
    public init(backoff: RedisBackoff, seed: UInt64?) {
        self.backoff = backoff
        generator = RedisRandomSource(seed: seed)
    }

    /// The delay before the next attempt; each call counts one more attempt.
    public mutating func nextDelay() -> Duration {
        defer { attempt += 1 }
        return backoff.delay(attempt: attempt, using: &generator)
    }

    /// Starts over from the first delay (after a connection became ready).
    public mutating func reset() {
        attempt = 0
    }
}
