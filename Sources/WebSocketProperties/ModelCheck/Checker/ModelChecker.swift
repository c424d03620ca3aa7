/// Explores every interleaving of a `SessionPair`'s moves up to a depth, depth first, checking the properties of
/// `ModelProperty` in every state.
///
/// Stateless: a session cannot be copied, so the state of each child but the last is rebuilt by replaying its
/// prefix from the initial state (the last child reuses its parent's pair). States whose fingerprint was already
/// explored with at least as many moves left are pruned. A state at the depth bound is finished by a
/// deterministic completion (`SessionPair.completionMove`: the applications close, the network delivers everything,
/// timers fire in order), which must bring both sides to closed within `completionLimit` moves.
public struct ModelChecker {
    /// How states are recognised as already explored.
    public enum Fingerprint: Sendable {
        /// By what is visible from outside the sessions, with timers relative to now (`observableFingerprint`):
        /// merges states across time and across orders of independent moves; a heuristic.
        case observable
        /// By each side's inputs and instants (`exactFingerprint`): merges only states with identical futures.
        case exact
    }

    /// What the sessions start from.
    public let factory: ModelSessionFactory
    /// How explored states are recognised.
    public var fingerprint: Fingerprint
    /// The check stops after this many states with a violation (the first violation of each property is kept;
    /// the subtree below a violating state is not explored).
    public var maximumViolatingStates = 10_000

    private var result: ModelCheckResult
    private var explored: [Int: Int] = [:]
    private var prefix: [ModelMove] = []
    private var failedProperties: Set<ModelProperty> = []

    /// A checker of the pairs `factory` makes.
    public init(factory: ModelSessionFactory, fingerprint: Fingerprint = .observable) {
        self.factory = factory
        self.fingerprint = fingerprint
        self.result = ModelCheckResult(depth: factory.configuration.depth)
    }

    /// Runs the check with `configuration`; throws only when the configuration is invalid.
    public static func check(
        _ configuration: ModelCheckConfiguration, fingerprint: Fingerprint = .observable
    ) throws -> ModelCheckResult {
        var checker = ModelChecker(factory: try ModelSessionFactory(configuration: configuration), fingerprint: fingerprint)
        return checker.run()
    }

    /// Explores from the initial state.
    public mutating func run() -> ModelCheckResult {
        result = ModelCheckResult(depth: factory.configuration.depth)
        explored = [:]
        prefix = []
        failedProperties = []
        let clock = ContinuousClock()
        let start = clock.now
        explore(SessionPair(factory: factory), remaining: factory.configuration.depth)
        result.elapsed = clock.now - start
        result.distinctStates = explored.count
        return result
    }

    private var done: Bool { result.violatingStates >= maximumViolatingStates }

    private mutating func explore(_ pair: SessionPair, remaining: Int) {
        result.states += 1
        if record(pair.violations) { return }
        if factory.configuration.prune {
            let key = fingerprint == .observable ? pair.observableFingerprint : pair.exactFingerprint
            if let seen = explored[key], seen >= remaining {
                result.pruned += 1
                return
            }
            explored[key] = remaining
        }
        let moves = pair.enabledMoves
        if moves.isEmpty {
            result.terminalStates += 1
            pair.checkFinished()
            _ = record(pair.violations)
            return
        }
        if remaining == 0 {
            complete(pair)
            return
        }
        for (index, move) in moves.enumerated() {
            if done { return }
            let child: SessionPair
            if index == moves.count - 1 {
                child = pair
            } else {
                child = SessionPair(factory: factory)
                for earlier in prefix { child.applyEnabled(earlier) }
                result.replays += 1
                result.movesApplied += prefix.count
            }
            child.applyEnabled(move)
            result.movesApplied += 1
            prefix.append(move)
            explore(child, remaining: remaining - 1)
            prefix.removeLast()
        }
    }

    /// Finishes `pair` with the completion's moves and checks that both sides finish.
    private mutating func complete(_ pair: SessionPair) {
        result.completions += 1
        let timeoutsBefore = pair.timeoutsFired
        var steps = 0
        while let move = pair.completionMove() {
            if steps == factory.configuration.completionLimit {
                _ = record([ModelViolation(
                    property: .closes, moves: pair.moves,
                    message: "not finished after \(steps) completion moves: \(pair.stateSummary)")])
                return
            }
            pair.applyEnabled(move)
            steps += 1
            result.movesApplied += 1
            if pair.timeoutsFired > timeoutsBefore {
                pair.recordViolation(
                    .prompt, "a timeout fired although every segment was delivered at once: \(pair.stateSummary)")
            }
            if record(pair.violations) { return }
        }
        result.longestCompletion = max(result.longestCompletion, steps)
        pair.checkFinished()
        _ = record(pair.violations)
    }

    /// Keeps the first violation of each property; true when there was any.
    private mutating func record(_ violations: [ModelViolation]) -> Bool {
        guard !violations.isEmpty else { return false }
        result.violatingStates += 1
        for violation in violations where !failedProperties.contains(violation.property) {
            failedProperties.insert(violation.property)
            result.violations.append(violation)
        }
        return true
    }
}
