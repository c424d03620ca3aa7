import WebSocketCore

extension CoreBenchmarks {
    /// The session driver's cost per message: reads of 16 masked 16-byte frames echoed through `WebSocketSession`
    /// (receive, take the actions, send the echo, take the write) against the same echo on a bare
    /// `Connection<Open>` with a hand-written loop (what the channel did before the session existed).
    mutating func session() {
        let reads = 20_000
        let perRead = 16
        print("session: \(reads) reads of \(perRead) masked 16 B frames, echoed")
        let key = MaskingKey(0x12, 0x34, 0x56, 0x78)
        var wire = OutboundBytes()
        for _ in 0..<perRead {
            wire.appendFrame(FrameHeader(opcode: .binary, maskingKey: key, payloadLength: 16), payload: [UInt8](repeating: 7, count: 16))
        }
        let input = wire.takeAll()
        var local: UInt64 = 0
        var configuration = SessionConfiguration()
        configuration.extensionIdleMemoryRelease = nil
        let bare = input.withUnsafeBytes { bytes in
            best {
                var connection = CoreBenchmarks.serverConnection()
                var events: [ConnectionEvent] = []
                for _ in 0..<reads {
                    events.removeAll(keepingCapacity: true)
                    switch connection.receive(bytes, into: &events) {
                    case .open(let next): connection = next
                    case .closed: return
                    }
                    for case .message(let message) in events { try? connection.send(message) }
                    for chunk in connection.takeOutbound() { local &+= UInt64(chunk.count) }
                }
            }
        }
        let driven = input.withUnsafeBytes { bytes in
            best {
                guard let session = try? WebSocketSession(open: CoreBenchmarks.serverConnection(), configuration: configuration, now: .origin)
                else { return }
                while session.nextAction() != nil {}
                for read in 0..<reads {
                    session.receive(bytes, now: SessionInstant(.milliseconds(read)))
                    while let action = session.nextAction() {
                        switch action {
                        case .deliver(.message(let message)): try? session.send(message)
                        case .write(let chunks): for chunk in chunks { local &+= UInt64(chunk.count) }
                        default: break
                        }
                    }
                }
            }
        }
        let messages = Double(reads * perRead)
        report("bare Connection<Open>, per message", bare / messages * 1e9, "ns")
        report("WebSocketSession, per message", driven / messages * 1e9, "ns", String(format: "%.2fx bare", driven / bare))
        sink &+= local
    }
}
