/// The application's pings awaiting their pong, oldest first. A pong answers the ping with its payload and every
/// earlier one (RFC 6455 §5.5.3: a pong may answer only the most recent ping).
struct PingLedger {
    private var waiting: [(token: UInt64, payload: [UInt8])] = []
    private var lastToken: UInt64 = 0

    /// Records a ping; returns its token.
    mutating func record(_ payload: [UInt8]) -> UInt64 {
        lastToken &+= 1
        waiting.append((lastToken, payload))
        return lastToken
    }

    /// The pong with `payload` arrived: the token of the newest ping it answers (it answers all before), if any.
    mutating func answer(_ payload: [UInt8]) -> UInt64? {
        guard let index = waiting.firstIndex(where: { $0.payload == payload }) else { return nil }
        let token = waiting[index].token
        waiting.removeFirst(index + 1)
        return token
    }
}
