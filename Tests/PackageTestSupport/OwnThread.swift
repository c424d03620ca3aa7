import Foundation

/// Runs a blocking call (a child process, `poll(2)`, a blocking `read`) on a thread of its own and awaits its result.
///
/// Swift Testing runs every test, synchronous or not, on the cooperative pool, which has one thread per CPU. A
/// test that blocks one of those threads (waiting seconds for `swiftc` or a Python interpreter) takes it from every
/// other test: on a 2-core machine two such waits stall the whole run, and unrelated tests then miss their own
/// deadlines. Blocking work therefore never runs on the pool, nor on a Dispatch worker (the library needs those for
/// name resolution and group shutdown).
public func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
