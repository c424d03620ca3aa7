import WebSocketCore

extension ConnectionTrace {
    /// Feeds `stream` to `connection` the way a transport with direct reads does (`WS-PROP-DIRECT-RECEIVE`): each
    /// read takes up to the next of `readSizes` bytes (used in turn). While the session offers direct capacity,
    /// they are written straight into its message storage, as much as fits; otherwise they go through `receive`.
    public static func runDirect(
        _ stream: [UInt8], readSizes: [Int], on connection: consuming Connection<Open>
    ) -> ConnectionTrace {
        precondition(!readSizes.isEmpty && readSizes.allSatisfy { $0 > 0 }, "read sizes must be positive")
        var trace = ConnectionTrace()
        guard let session = session(for: connection) else { return trace }
        trace.collect(session)
        var position = 0
        var step = 0
        while position < stream.count && session.isReceiving {
            let size = min(readSizes[step % readSizes.count], stream.count - position)
            step += 1
            if session.directReceiveCapacity > 0 {
                session.receiveDirect(now: .origin) { storage in
                    let count = min(size, storage.count)
                    stream.withUnsafeBytes { source in
                        storage.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
                    }
                    position += count
                    return count
                }
            } else {
                stream[position..<position + size].withUnsafeBytes { session.receive($0, now: .origin) }
                position += size
            }
            trace.collect(session)
        }
        trace.finish(session)
        return trace
    }
}

extension ConnectionTrace {
    /// Where this trace first departs from `expected`, briefly (`brief`: a message by its kind and size).
    public func difference(from expected: ConnectionTrace) -> String {
        let shared = min(events.count, expected.events.count)
        if let index = (0..<shared).first(where: { events[$0] != expected.events[$0] })
            ?? (events.count != expected.events.count ? shared : nil)
        {
            let got = index < events.count ? events[index] : nil
            let wanted = index < expected.events.count ? expected.events[index] : nil
            return "event \(index): \(Self.brief(got)), expected \(Self.brief(wanted)) (\(events.count) events, expected \(expected.events.count))"
        }
        if outbound != expected.outbound {
            let common = min(outbound.count, expected.outbound.count)
            let index = (0..<common).first { outbound[$0] != expected.outbound[$0] } ?? common
            return "outbound differs at byte \(index) (\(outbound.count) bytes, expected \(expected.outbound.count))"
        }
        return "close \(String(describing: closeCode)), failure \(String(describing: failure)); expected close \(String(describing: expected.closeCode)), failure \(String(describing: expected.failure))"
    }
}
