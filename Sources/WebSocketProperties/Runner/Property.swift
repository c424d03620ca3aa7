/// An invariant checked on many generated inputs.
///
/// A run with a seed and an iteration count calls the body once per iteration, each time with a fresh generator
/// derived from `(seed, iteration)` (see `Xorshift64Star.init(seed:iteration:)`), so any failure replays exactly
/// from its seed, whatever ran before it.
public struct Property: Sendable, Identifiable {
    /// The body of a property: draws an input from the generator and throws a counterexample if the invariant
    /// does not hold for it.
    public typealias Body = @Sendable (inout Xorshift64Star) throws(CounterExample) -> Void

    /// The stable kebab-case name (used by `ws fuzz --property` and `Vectors/regression-seeds.json`).
    public let name: String
    /// What the property states, in one sentence.
    public let description: String
    /// The iteration count a routine run uses (the tests and `ws fuzz` without `--iterations`), sized so that a
    /// debug build finishes in a second or two.
    public let defaultIterations: Int
    private let body: Body

    /// A property named `name` checking `body`.
    public init(name: String, description: String, defaultIterations: Int = 200, body: @escaping Body) {
        self.name = name
        self.description = description
        self.defaultIterations = defaultIterations
        self.body = body
    }

    /// The name.
    public var id: String { name }

    /// Checks the property on `iterations` inputs drawn from `seed`; returns the first failure, or nil.
    public func run(seed: UInt64, iterations: Int) -> PropertyFailure? {
        for iteration in 0..<max(iterations, 0) {
            if let failure = check(seed: seed, iteration: iteration) { return failure }
        }
        return nil
    }

    /// Checks the property on the single input of `iteration` in the run seeded with `seed`.
    public func check(seed: UInt64, iteration: Int) -> PropertyFailure? {
        var generator = Xorshift64Star(seed: seed, iteration: iteration)
        do {
            try body(&generator)
            return nil
        } catch {
            return PropertyFailure(property: name, seed: seed, iteration: iteration, message: error.message)
        }
    }
}
