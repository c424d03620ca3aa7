import Dispatch
import Foundation
import WebSocketProperties

/// What every connection of a soak run shares: the options, the ledger, the deadline and the bomb.
final class SoakContext: Sendable {
    let options: SoakOptions
    let ledger: SoakLedger
    /// When the traffic stops (uptime nanoseconds): connections then send nothing new, take their echoes and close.
    let deadline: UInt64
    /// The decompression bomb, made once.
    let bomb: SoakBomb

    /// Which phase of the run (0: the warm-up, or the whole run without one).
    let phase: Int
    /// When the run started (uptime nanoseconds), for log lines.
    let origin: UInt64

    /// How long a phase lasts, in seconds.
    let seconds: Double

    /// A phase of `seconds` from now.
    convenience init(options: SoakOptions, ledger: SoakLedger, bomb: SoakBomb, phase: Int, seconds: Double, origin: UInt64) {
        self.init(
            options: options, ledger: ledger, bomb: bomb, phase: phase, seconds: seconds, origin: origin,
            deadline: Self.now() + UInt64(seconds * 1e9))
    }

    private init(
        options: SoakOptions, ledger: SoakLedger, bomb: SoakBomb, phase: Int, seconds: Double, origin: UInt64,
        deadline: UInt64
    ) {
        self.options = options
        self.ledger = ledger
        self.bomb = bomb
        self.phase = phase
        self.seconds = seconds
        self.origin = origin
        self.deadline = deadline
    }

    /// The context of a slot's first, covered session (`SoakPlan.coverage`): the same, but its traffic lasts at least
    /// `min(seconds, 2)` from now, so a slot that a loaded machine wakes late still exercises its role instead of
    /// finding the phase over.
    func forCoverage() -> SoakContext {
        let minimum = Self.now() + UInt64(min(seconds, 2) * 1e9)
        return SoakContext(
            options: options, ledger: ledger, bomb: bomb, phase: phase, seconds: seconds, origin: origin,
            deadline: max(deadline, minimum))
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Seconds since the run started (for log lines).
    var elapsed: String {
        String(format: "%.3f s", Double(Self.now() - origin) / 1e9)
    }

    /// True once the traffic should stop.
    var isPastDeadline: Bool { Self.now() >= deadline }

    /// A uniform pause in 0...2x the mean interval.
    func think(using g: inout Xorshift64Star) -> Duration {
        .milliseconds(g.int(in: 0...(2 * options.intervalMilliseconds)))
    }
}
