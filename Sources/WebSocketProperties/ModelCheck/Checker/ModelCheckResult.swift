/// What a model check explored and found.
public struct ModelCheckResult: Sendable, CustomStringConvertible {
    /// The depth bound.
    public var depth: Int
    /// States visited (each reached by a distinct move sequence and not pruned before its check).
    public var states = 0
    /// Sessions rebuilt by replaying a prefix (sessions cannot be copied).
    public var replays = 0
    /// States skipped because their fingerprint was explored with at least as many moves left.
    public var pruned = 0
    /// Distinct fingerprints stored.
    public var distinctStates = 0
    /// States with no move enabled (checked: both sides finished).
    public var terminalStates = 0
    /// States at the depth bound, finished by the deterministic completion.
    public var completions = 0
    /// The longest completion.
    public var longestCompletion = 0
    /// Moves applied in all (exploration, replays and completions).
    public var movesApplied = 0
    /// States where some property failed (the moves below them are not explored).
    public var violatingStates = 0
    /// The first violation of each property found, in the order found.
    public var violations: [ModelViolation] = []
    /// The exploration's wall-clock time.
    public var elapsed: Duration = .zero

    /// A result for a check to `depth`.
    public init(depth: Int) {
        self.depth = depth
    }

    /// True when no property failed.
    public var passed: Bool { violations.isEmpty }

    /// The numbers, one line, then each violation.
    public var description: String {
        var lines = [
            "depth \(depth): \(states) states (\(distinctStates) distinct fingerprints, \(pruned) pruned), "
                + "\(terminalStates) terminal, \(completions) completions (longest \(longestCompletion) moves), "
                + "\(replays) replays, \(movesApplied) moves applied, \(elapsed)"
        ]
        if violatingStates > 0 { lines.append("\(violatingStates) states violate a property; the first of each:") }
        for violation in violations { lines.append("FAIL \(violation)") }
        return lines.joined(separator: "\n")
    }
}
