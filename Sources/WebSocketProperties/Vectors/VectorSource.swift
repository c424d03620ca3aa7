/// One kind of test vector as the property suite received it: the vectors and where they came from, or why there
/// are none. A vector-backed property fails loudly (never passes vacuously) when its vectors are unavailable or
/// empty.
public enum VectorSource<Vector: Sendable>: Sendable {
    /// The vectors, read from `origin` (a file name, for messages).
    case loaded([Vector], origin: String)
    /// No vectors: `reason` says why (the file was not found, or did not parse).
    case unavailable(reason: String)

    /// The vectors, or a counterexample naming what is missing when there are none.
    public func required(_ what: String) throws(CounterExample) -> [Vector] {
        switch self {
        case .loaded(let vectors, let origin):
            if vectors.isEmpty { throw CounterExample("no \(what) vectors: \(origin) holds none") }
            return vectors
        case .unavailable(let reason):
            throw CounterExample("no \(what) vectors: \(reason) (run from the package root or pass --vectors DIR)")
        }
    }

    /// The vectors, or none.
    public var vectors: [Vector] {
        if case .loaded(let vectors, _) = self { return vectors }
        return []
    }
}
