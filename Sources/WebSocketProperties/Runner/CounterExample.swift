/// What a property body throws when it finds an input that breaks the invariant: a message describing the input
/// and what went wrong. `Property.run` wraps it into a `PropertyFailure` with the seed and iteration.
public struct CounterExample: Error, Sendable, CustomStringConvertible {
    /// What was checked and what was found instead.
    public var message: String

    /// A counterexample described by `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Throws a `CounterExample` with `message` unless `condition` holds.
@inlinable
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(CounterExample) {
    if !condition { throw CounterExample(message()) }
}

/// Throws a `CounterExample` unless `actual == expected`, naming `what` and both values.
@inlinable
public func requireEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: @autoclosure () -> String
) throws(CounterExample) {
    if actual != expected { throw CounterExample("\(what()): got \(actual), expected \(expected)") }
}
