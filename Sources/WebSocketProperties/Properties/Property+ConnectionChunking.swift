// An open server connection reports the same events and sends the same bytes however its input is chunked.

extension ConnectionTrace {
    /// Feeds `chunks` one by one to a fresh open connection of `role` (with `extensions` negotiated).
    static func run(
        _ chunks: [[UInt8]], role: Role, configuration: ConnectionConfiguration,
        extensions: [any WebSocketExtension] = []
    ) throws(CounterExample) -> ConnectionTrace {
        run(chunks, on: try Connection<Open>.forProperty(role: role, configuration: configuration, extensions: extensions))
    }
}

extension Property {
    /// `WS-PROP-CHUNKING` (connection).
    public static let connectionChunkingIndependent = Property(
        name: "connection-chunking-independent",
        description: "an open server connection fed a client's frame stream in random chunks yields the same events, bytes and close as fed whole",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        var stream = Generate.messageStream(sentBy: .client, maximumMessage: 300, using: &g)
        var configuration = ConnectionConfiguration()
        let tight = g.oneIn(4)
        if tight {
            configuration.limits.maximumFrameSize = g.element(of: [64, 100, 1_000])
            configuration.limits.maximumMessageSize = g.element(of: [64, 200, 1_000])
            configuration.limits.maximumFragmentsPerMessage = g.int(in: 1...3)
        }
        let damaged = g.oneIn(4)
        if damaged {
            stream = g.bool()
                ? Generate.mutated(stream, using: &g)
                : stream + Generate.arbitraryFrameBytes(maximumPayload: 100, using: &g)
        }
        let whole = try ConnectionTrace.run([stream], role: .server, configuration: configuration)
        if !damaged && !tight {
            try require(whole.failure == nil, "a valid client stream failed the connection: \(whole)")
        }
        let chunking = Generate.chunking(using: &g)
        let chunked = try ConnectionTrace.run(Generate.chunks(of: stream, chunking, using: &g), role: .server, configuration: configuration)
        try require(chunked == whole, "\(stream.count) bytes cut \(chunking): \(chunked) but whole: \(whole)")
    }
}
