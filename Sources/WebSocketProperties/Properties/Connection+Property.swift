import WebSocketCore

extension Connection where State == Open {
    /// An open connection for a property: as `established`, with a refused configuration reported as the
    /// property's counterexample (a generator produced limits that `Limits.validate()` rejects).
    static func forProperty(
        role: Role, configuration: ConnectionConfiguration = .init(), extensions: [any WebSocketExtension] = []
    ) throws(CounterExample) -> Connection<Open> {
        do {
            return try Connection<Open>.established(role: role, configuration: configuration, extensions: extensions)
        } catch {
            throw CounterExample("the generated configuration was refused: \(error)")
        }
    }
}
