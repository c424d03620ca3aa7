import WebSocketCore

extension Connection where State == Open {
    /// An open connection for a property: as `established`, with a refused configuration reported as the
    /// property's counterexample (a generator produced limits that `Limits.validate()` rejects). A client masks
    /// with keys in a fixed sequence, so that two runs of one input write the same bytes.
    static func forProperty(
        role: Role, configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtension] = []
    ) throws(CounterExample) -> Connection<Open> {
        do {
            return try Connection<Open>.established(
                role: role, configuration: configuration, extensions: extensions, keySource: ModelMaskingKeySource())
        } catch {
            throw CounterExample("the generated configuration was refused: \(error)")
        }
    }
}
