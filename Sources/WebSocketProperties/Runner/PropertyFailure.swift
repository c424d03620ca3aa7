/// A failed property run: which property, which seed and iteration, and what went wrong. Replaying the same
/// property with the same seed for `iteration + 1` iterations reproduces it exactly.
public struct PropertyFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The property's stable name.
    public var property: String
    /// The seed of the run.
    public var seed: UInt64
    /// The zero-based iteration that failed.
    public var iteration: Int
    /// The counterexample's description.
    public var message: String

    /// A failure of `property` at `iteration` of the run seeded with `seed`.
    public init(property: String, seed: UInt64, iteration: Int, message: String) {
        self.property = property
        self.seed = seed
        self.iteration = iteration
        self.message = message
    }

    /// The command that replays this failure.
    public var replayCommand: String {
        "swift run ws fuzz --seed \(seed) --property \(property) --iterations \(iteration + 1)"
    }

    /// A multi-line report: property, seed, iteration, message and the replay command.
    public var description: String {
        """
        property \(property) failed
          seed: \(seed)
          iteration: \(iteration)
          \(message)
          replay: \(replayCommand)
        """
    }
}
