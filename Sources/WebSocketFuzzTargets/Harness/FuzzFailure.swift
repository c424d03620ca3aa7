/// An invariant a fuzz target checks did not hold for an input: a bug in the library (or in the target).
public struct FuzzFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What did not hold.
    public var message: String

    /// A failure saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Throws `FuzzFailure(message)` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}
