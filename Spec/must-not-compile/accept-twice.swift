// MUST NOT COMPILE: `accept` consumes the pending connection; a second accept is a use after consume.
// expected-error: 'pending' consumed more than once
import WebSocketCore

func acceptTwice(_ pending: consuming Connection<Pending>) {
    let first = pending.accept()
    let second = pending.accept()
    _ = first.abort()
    _ = second.abort()
}
