// An open server connection reports the same events and sends the same bytes however its input is chunked.

/// What an open connection did with a byte stream: its events, every byte it queued, and how it ended.
struct ConnectionTrace: Equatable, CustomStringConvertible {
    var events: [ConnectionEvent] = []
    var outbound: [UInt8] = []
    var closeCode: CloseCode?
    var failure: ProtocolViolation?

    var description: String {
        "\(events.count) events (last: \(events.last.map(String.init(describing:)) ?? "none")), "
            + "\(outbound.count) bytes out, close \(closeCode.map { String($0.rawValue) } ?? "open")"
    }

    /// Feeds `chunks` one by one to a fresh open connection of `role` (with `extensions` negotiated), collecting what
    /// comes out after each (and calling again without new bytes whenever the connection holds input back).
    static func run(
        _ chunks: [[UInt8]], role: Role, configuration: ConnectionConfiguration,
        extensions: [any WebSocketExtension] = []
    ) throws(CounterExample) -> ConnectionTrace {
        var trace = ConnectionTrace()
        var connection = try Connection<Open>.forProperty(role: role, configuration: configuration, extensions: extensions)
        var index = 0
        while index < chunks.count || connection.hasBufferedInput {
            // A close or violation held back behind messages is delivered by a call without new bytes.
            let input = connection.hasBufferedInput ? [] : chunks[index]
            if !connection.hasBufferedInput { index += 1 }
            let result = connection.receive(input, into: &trace.events)
            switch consume result {
            case .open(let next):
                connection = next
                trace.outbound += connection.takeOutboundBytes()
            case .closed(let closed):
                trace.outbound += closed.takeOutboundBytes()
                trace.closeCode = closed.closeCode
                trace.failure = closed.failure
                return trace
            }
        }
        trace.outbound += connection.takeOutboundBytes()
        return trace
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
