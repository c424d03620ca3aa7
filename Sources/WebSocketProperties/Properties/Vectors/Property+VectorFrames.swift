// The RFC 6455 §5.7 example frames, back to back and cut into random reads: the decoder and an open connection
// give exactly the frames and messages the vectors state.

extension Property {
    /// The vectors of one sender: `first` and up to `extra` more drawn from those with the same sender.
    static func frameVectorRun(_ all: [FrameVector], extra: Int, using g: inout Xorshift64Star) -> [FrameVector] {
        let first = g.element(of: all)
        let sameSender = all.filter { $0.sender == first.sender }
        return [first] + (0..<g.int(in: 0...extra)).map { _ in g.element(of: sameSender) }
    }

    /// The events an open connection reports for the frames of `vectors`: a ping or pong event per control frame,
    /// a message per completed data message (checked against the message a vector names).
    static func expectedEvents(_ vectors: [FrameVector]) throws(CounterExample) -> [ConnectionEvent] {
        var events: [ConnectionEvent] = []
        for vector in vectors {
            var kind: Message.Kind?
            var bytes: [UInt8] = []
            var messages: [Message] = []
            for frame in vector.frames {
                switch frame.header.opcode {
                case .ping: events.append(.ping(frame.payload))
                case .pong: events.append(.pong(frame.payload))
                case .text, .binary, .continuation:
                    if frame.header.opcode != .continuation { kind = frame.header.opcode == .text ? .text : .binary }
                    bytes += frame.payload
                    if frame.header.fin, let k = kind {
                        messages.append(Message(kind: k, bytes: bytes))
                        events.append(.message(Message(kind: k, bytes: bytes)))
                        bytes = []
                        kind = nil
                    }
                default:
                    throw CounterExample("\(vector.name): no expected event for opcode \(frame.header.opcode)")
                }
            }
            if let message = vector.message {
                try requireEqual(messages, [message], "\(vector.name): the vector's frames against its message")
            }
        }
        return events
    }

    /// `WS-PROP-VECTOR-FRAMES`.
    public static func vectorFramesChunked(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-frames-chunked",
            description: "RFC 6455 §5.7 example frames, several back to back and cut into random reads, decode to the frames and open-connection events the vectors state, and re-encode to the same bytes",
            defaultIterations: 300
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let run = frameVectorRun(try vectors.frames.required("RFC 6455 frame"), extra: 2, using: &g)
            let names = run.map(\.name).joined(separator: " + ")
            let receiver = run[0].receiver
            let wire = run.flatMap(\.wire)
            let chunks = Generate.boundedChunks(of: wire, using: &g)
            let trace = try DecoderTrace.run(chunks, decoder: FrameDecoder(role: receiver))
            try require(trace.error == nil && trace.endsAtFrameBoundary, "\(names) in \(chunks.count) reads: \(trace)")
            try require(trace.frames == run.flatMap(\.frames), "\(names) in \(chunks.count) reads: decoded \(trace.frames.map(\.header))")
            try require(trace.frames.flatMap(\.encoded) == wire, "\(names): re-encoding differs from the vector bytes")
            let connection = try ConnectionTrace.run(chunks, role: receiver, configuration: ConnectionConfiguration())
            try require(connection.failure == nil && connection.closeCode == nil, "\(names): the \(receiver) connection closed: \(connection)")
            let expected = try expectedEvents(run)
            try require(connection.events == expected, "\(names) in \(chunks.count) reads: events \(connection)")
        }
    }
}
