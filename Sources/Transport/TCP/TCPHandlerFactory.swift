/// The application's handler factory, held by reference (`WS-IO-ACCEPT-CONSTANT`).
///
/// A closure stored directly in a `Mutex` is kept at the generic abstraction level, and every `withLock` access
/// (an `inout` one) re-wraps it in a pair of reabstraction thunks on the way back in, so each call walks a chain one
/// pair longer than the last. A class reference passes through the lock unchanged.
final class TCPHandlerFactory: Sendable {
    /// Makes the handler of a new connection (on that connection's loop).
    let make: @Sendable (TCPConnection) -> any TCPConnectionHandler

    init(_ make: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler) {
        self.make = make
    }
}
