import Foundation
import Testing
import WebSocketProperties

/// Runs properties the way every property test does: a few fixed seeds, then one fresh seed (printed), each for the
/// property's default iteration count or `WS_PROPERTY_ITERATIONS` when that is larger.
enum PropertyRunner {
    /// The seeds every run uses, so a plain `swift test` is reproducible.
    static let fixedSeeds: [UInt64] = [1, 6455, 0xDEAD_BEEF_CAFE_F00D]

    /// The iteration count for `property` in this run.
    static func iterations(for property: Property) -> Int {
        let requested = ProcessInfo.processInfo.environment["WS_PROPERTY_ITERATIONS"].flatMap { Int($0) } ?? 0
        return max(property.defaultIterations, requested)
    }

    /// Runs `property` with the fixed seeds and one fresh seed, recording an issue with the replay command on the
    /// first failure of each seed.
    static func check(_ property: Property, sourceLocation: SourceLocation = #_sourceLocation) {
        var system = SystemRandomNumberGenerator()
        let fresh = system.next() as UInt64
        let count = iterations(for: property)
        print("\(property.name): fresh seed \(fresh), \(count) iterations")
        for seed in fixedSeeds + [fresh] {
            if let failure = property.run(seed: seed, iterations: count) {
                Issue.record(
                    """
                    property \(failure.property) failed at seed \(failure.seed), iteration \(failure.iteration): \
                    \(failure.message)
                    replay: \(failure.replayCommand)
                    """,
                    sourceLocation: sourceLocation)
            }
        }
    }
}
