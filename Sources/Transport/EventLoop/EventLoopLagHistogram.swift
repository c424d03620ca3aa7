import Synchronization

/// How late one event loop ran tasks that were due at a known instant (`EventLoopLagProbe`), in fixed buckets.
/// Recorded a few times a second by the loop's own thread, read from anywhere.
public final class EventLoopLagHistogram: Sendable {
    /// The buckets' upper bounds in nanoseconds, ascending: 0.5 ms to 5 s. A last bucket without bound (+Inf)
    /// takes every larger lag.
    public static let bucketBounds: [UInt64] = [
        500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000,
        500_000_000, 1_000_000_000, 2_500_000_000, 5_000_000_000,
    ]

    /// The histogram at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Samples per bucket (not cumulative): `counts[i]` lags were at most `bucketBounds[i]` and above the bound
        /// before; the last element counts the lags above every bound.
        public var counts: [Int]
        /// The sum of all lags, in nanoseconds.
        public var sumNanoseconds: UInt64
        /// The number of lags recorded.
        public var count: Int {
            counts.reduce(0, +)
        }

        /// No samples.
        public init() {
            counts = Array(repeating: 0, count: EventLoopLagHistogram.bucketBounds.count + 1)
            sumNanoseconds = 0
        }

        /// For each bound (and +Inf, last), the number of lags at most that bound: what a Prometheus histogram's
        /// `_bucket` series report.
        public var cumulativeCounts: [Int] {
            var total = 0
            return counts.map { count in
                total += count
                return total
            }
        }
    }

    private let state = Mutex(Snapshot())

    /// An empty histogram.
    public init() {}

    /// Counts one lag.
    public func record(nanoseconds lag: UInt64) {
        let bounds = Self.bucketBounds
        let index = bounds.firstIndex { lag <= $0 } ?? bounds.count
        state.withLock { state in
            state.counts[index] += 1
            state.sumNanoseconds &+= lag
        }
    }

    /// The samples so far.
    public var snapshot: Snapshot { state.withLock { $0 } }
}
