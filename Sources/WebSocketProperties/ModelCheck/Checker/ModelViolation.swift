/// A property that failed, with the moves from the initial state that reproduce it.
public struct ModelViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which property.
    public var property: ModelProperty
    /// The moves from the initial state (`SessionPair.replay`), including the completion's when it failed there.
    public var moves: [ModelMove]
    /// What was expected and what happened.
    public var message: String

    /// A violation of `property` after `moves`.
    public init(property: ModelProperty, moves: [ModelMove], message: String) {
        self.property = property
        self.moves = moves
        self.message = message
    }

    /// The property, the message and the moves (tokens for `ws check --replay`).
    public var description: String {
        """
        \(property): \(message)
          moves (\(moves.count)): \(ModelMove.tokens(moves))
          replay: swift run ws check --replay "\(ModelMove.tokens(moves))"
        """
    }
}
