// MUST NOT COMPILE: a closed connection has no `send`.
// expected-error: requires the types 'Closed' and 'Open' be equivalent
import WebSocketCore

func sendOnClosed() throws {
    var closed: Connection<Closed> = try Connection.established(role: .server).abort()
    try closed.send(text: "too late")
}
