import Dispatch
import WebSocketProperties

/// What every connection of a soak run shares: the options, the ledger, the deadline and the bomb.
final class SoakContext: Sendable {
    let options: SoakOptions
    let ledger: SoakLedger
    /// When the traffic stops (uptime nanoseconds): connections then send nothing new, take their echoes and close.
    let deadline: UInt64
    /// The decompression bomb, made once.
    let bomb: SoakBomb

    init(options: SoakOptions, ledger: SoakLedger, bomb: SoakBomb) {
        self.options = options
        self.ledger = ledger
        self.bomb = bomb
        deadline = Self.now() + UInt64(options.duration * 1e9)
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// True once the traffic should stop.
    var isPastDeadline: Bool { Self.now() >= deadline }

    /// A uniform pause in 0...2x the mean interval.
    func think(using g: inout Xorshift64Star) -> Duration {
        .milliseconds(g.int(in: 0...(2 * options.intervalMilliseconds)))
    }
}
