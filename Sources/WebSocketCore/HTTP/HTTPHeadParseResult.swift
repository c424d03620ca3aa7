/// What an `HTTPHeadParser` made of the bytes it was fed.
public enum HTTPHeadParseResult<Head: Sendable>: Sendable {
    /// All input was consumed and the head has not ended yet.
    case needMoreData
    /// The head ended. `consumed` counts the bytes of the last input that belong to the head; the rest of that
    /// input (from index `consumed` on) already belongs to the stream that follows and is the caller's.
    case complete(Head, consumed: Int)
}

extension HTTPHeadParseResult: Equatable where Head: Equatable {}
