// MUST NOT COMPILE: `close()` consumes the open connection; it cannot be used afterwards.
// expected-error: 'open' used after consume
import WebSocketCore

func useAfterClose() throws {
    var open = try Connection.established(role: .server)
    let closing = open.close()
    try open.send(text: "stale state")
    _ = closing.abort()
}
