import WebSocketCore

/// What an open connection did with a byte stream: its events, every byte it queued, and how it ended.
struct ConnectionTrace: Equatable {
    var events: [ConnectionEvent] = []
    var outbound: [UInt8] = []
    var closeCode: CloseCode?
    var failure: ProtocolViolation?

    /// Feeds `pieces` one by one to `connection`, collecting what comes out after each (and calling again without
    /// new bytes whenever the connection holds input back).
    static func run(_ pieces: [[UInt8]], on connection: consuming Connection<Open>) -> ConnectionTrace {
        var trace = ConnectionTrace()
        var connection = connection
        var index = 0
        while index < pieces.count || connection.hasBufferedInput {
            let buffered = connection.hasBufferedInput
            let input = buffered ? [] : pieces[index]
            if !buffered { index += 1 }
            switch connection.receive(input, into: &trace.events) {
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

    /// Whether the connection closed.
    var isClosed: Bool { closeCode != nil }
}
