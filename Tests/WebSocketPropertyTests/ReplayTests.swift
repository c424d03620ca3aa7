import Foundation
import Testing
import WebSocketProperties

/// The format of `Vectors/regression-seeds.json`.
struct RegressionSeeds: Decodable {
    struct Entry: Decodable {
        var property: String
        var seed: UInt64
        var iterations: Int
        var note: String
    }

    var source: String
    var seeds: [Entry]
}

@Suite("Replay")
struct ReplayTests {
    /// A property that fails when its generator draws a multiple of 16: about one iteration in sixteen.
    static let flaky = Property(name: "test-flaky", description: "fails one time in sixteen") {
        (g: inout Xorshift64Star) throws(CounterExample) in
        let draw = g.next()
        try require(draw % 16 != 0, "drew \(draw)")
    }

    @Test("WS-PROP-REPLAY: a failure names property, seed and iteration, and replays exactly")
    func failureReplays() throws {
        let failure = try #require(Self.flaky.run(seed: 77, iterations: 1_000))
        #expect(failure.property == "test-flaky")
        #expect(failure.seed == 77)
        #expect(Self.flaky.run(seed: 77, iterations: failure.iteration) == nil)
        #expect(Self.flaky.run(seed: 77, iterations: failure.iteration + 1) == failure)
        #expect(Self.flaky.check(seed: 77, iteration: failure.iteration) == failure)
        #expect(failure.replayCommand == "swift run ws fuzz --seed 77 --property test-flaky --iterations \(failure.iteration + 1)")
        #expect(failure.description.contains(failure.replayCommand))
    }

    @Test("WS-PROP-REPLAY: every seed in Vectors/regression-seeds.json passes")
    func regressionSeeds() throws {
        let file = try PackageFiles.vectorJSON("regression-seeds.json", as: RegressionSeeds.self)
        #expect(!file.source.isEmpty)
        #expect(!file.seeds.isEmpty)
        for entry in file.seeds {
            let property = try #require(
                Properties.named(entry.property, vectors: PackageVectors.vectors), "unknown property \(entry.property)")
            if let failure = property.run(seed: entry.seed, iterations: entry.iterations) {
                Issue.record("regression seed (\(entry.note)) fails again: \(failure.message)\nreplay: \(failure.replayCommand)")
            }
        }
    }
}
