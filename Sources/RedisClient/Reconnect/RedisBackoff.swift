/// Capped exponential back-off with full jitter: attempt `n` (0 for the first retry) waits a uniformly random
/// duration in `[0, min(maximumDelay, initialDelay × multiplierⁿ)]` ("Exponential Backoff And Jitter", AWS
/// Architecture Blog, 2015), so clients that lost the same server do not come back in step.
public struct RedisBackoff: Sendable, Hashable {
    /// The ceiling of the first retry's delay.
    public var initialDelay: Duration
    /// The largest ceiling: no delay is ever longer.
    public var maximumDelay: Duration
    /// The ceiling's growth per attempt (at least 1).
    public var multiplier: Double

    /// Back-off from `initialDelay` (default 100 ms) growing by `multiplier` (default 2) up to `maximumDelay`
    /// (default 10 s).
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(10), multiplier: Double = 2) {
        self.initialDelay = max(.zero, initialDelay)
        self.maximumDelay = max(self.initialDelay, maximumDelay)
        self.multiplier = multiplier.isFinite ? max(1, multiplier) : 2
    }

    /// The ceiling of attempt `attempt`'s delay: `min(maximumDelay, initialDelay × multiplier^attempt)`.
    public func ceiling(attempt: Int) -> Duration {
        let initial = Self.seconds(initialDelay)
        let maximum = Self.seconds(maximumDelay)
        var ceiling = initial
        var step = 0
        while step < max(0, attempt) && ceiling < maximum {
            ceiling *= multiplier
            step += 1
        }
        return Self.duration(min(ceiling, maximum))
    }

    /// Attempt `attempt`'s delay: uniform in `[0, ceiling(attempt:)]`, drawn from `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = Self.seconds(ceiling(attempt: attempt))
        guard ceiling > 0 else { return .zero }
        return Self.duration(Double.random(in: 0...ceiling, using: &generator))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func duration(_ seconds: Double) -> Duration {
        .nanoseconds(Int64(min(seconds, 1e9) * 1e9))
    }
}
