// MUST NOT COMPILE: after `close()` the connection is `Closing` and has no `send`.
// expected-error: requires the types 'Closing' and 'Open' be equivalent
import WebSocketCore

func sendWhileClosing() throws {
    var closing = try Connection.established(role: .client).close()
    try closing.send(binary: [1, 2, 3])
}
