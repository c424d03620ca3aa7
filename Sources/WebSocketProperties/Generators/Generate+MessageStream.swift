// Whole conversations from one side: data messages, possibly fragmented, with control frames between fragments.

extension Generate {
    /// Close payloads a peer may send: empty, or an allowed code with a short valid UTF-8 reason.
    public static func closePayload(using g: inout Xorshift64Star) -> [UInt8] {
        if g.oneIn(4) { return [] }
        let code = g.element(of: [1000, 1001, 1002, 1003, 1007, 1008, 1011, 3000, 4000, 4999] as [UInt16])
        var reason = validUTF8(maximumScalars: 20, using: &g)
        if reason.count > 123 { reason.removeLast(reason.count - 123) }
        while !UTF8Validator.isValid(reason) { reason.removeLast() }  // do not cut a character in two
        return [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
    }

    /// A stream of frames that `role` sends in a valid conversation: one to six text (valid UTF-8) or binary
    /// messages, each in one to four fragments (empty fragments included), with pings and pongs between
    /// fragments, and a close frame at the end a third of the time. Masked exactly when `role` is the client.
    /// Payloads are at most `maximumMessage` bytes (text: scalars).
    public static func messageStream(
        sentBy role: Role, maximumMessage: Int = 300, using g: inout Xorshift64Star
    ) -> [UInt8] {
        var out: [UInt8] = []
        func emit(_ opcode: Opcode, fin: Bool, _ payload: [UInt8], _ g: inout Xorshift64Star) {
            let key = role == .client ? maskingKey(using: &g) : nil
            out += Frame(fin: fin, opcode: opcode, maskingKey: key, payload: payload).encoded
        }
        func maybeControl(_ g: inout Xorshift64Star) {
            guard g.oneIn(4) else { return }
            let payload = g.bytes(count: payloadLength(maximum: 125, using: &g))
            emit(g.bool() ? .ping : .pong, fin: true, payload, &g)
        }
        for _ in 0..<g.int(in: 1...6) {
            maybeControl(&g)
            let isText = g.bool()
            let payload = isText
                ? validUTF8(maximumScalars: maximumMessage / 3, using: &g)
                : g.bytes(count: payloadLength(maximum: maximumMessage, using: &g))
            var cuts = (0..<g.int(in: 0...3)).map { _ in g.int(in: 0...payload.count) }
            cuts.sort()
            let bounds = [0] + cuts + [payload.count]
            for piece in 0..<(bounds.count - 1) {
                let opcode: Opcode = piece == 0 ? (isText ? .text : .binary) : .continuation
                let isLast = piece == bounds.count - 2
                emit(opcode, fin: isLast, Array(payload[bounds[piece]..<bounds[piece + 1]]), &g)
                if !isLast { maybeControl(&g) }
            }
        }
        maybeControl(&g)
        if g.oneIn(3) { emit(.close, fin: true, closePayload(using: &g), &g) }
        return out
    }
}
