#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Transport
@testable import WebSocketIO

/// A value shared between loop threads and a test, with `await`able conditions (no sleeping).
final class Watch<State: Sendable>: Sendable {
    private struct Waiter: Sendable {
        let id: Int
        let predicate: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<State, Never>
    }

    private let storage: Mutex<(state: State, waiters: [Waiter], nextID: Int)>

    init(_ initial: State) {
        storage = Mutex((initial, [], 0))
    }

    /// The current value.
    var value: State { storage.withLock { $0.state } }

    /// Changes the value and wakes the waiters whose condition now holds.
    func update(_ body: (inout State) -> Void) {
        let ready: [(CheckedContinuation<State, Never>, State)] = storage.withLock { storage in
            body(&storage.state)
            var ready: [(CheckedContinuation<State, Never>, State)] = []
            let snapshot = storage.state
            storage.waiters.removeAll { waiter in
                guard waiter.predicate(snapshot) else { return false }
                ready.append((waiter.continuation, snapshot))
                return true
            }
            return ready
        }
        for (continuation, state) in ready { continuation.resume(returning: state) }
    }

    /// Returns once `predicate` holds, or with the current value when the task is cancelled (for example by the
    /// suite's time limit), so a broken condition fails the test instead of hanging it.
    @discardableResult
    func wait(until predicate: @escaping @Sendable (State) -> Bool) async -> State {
        let id = storage.withLock { storage in
            storage.nextID += 1
            return storage.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: State? = storage.withLock { storage in
                    if predicate(storage.state) || Task.isCancelled { return storage.state }
                    storage.waiters.append(Waiter(id: id, predicate: predicate, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let cancelled: (CheckedContinuation<State, Never>, State)? = storage.withLock { storage in
                guard let index = storage.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                let waiter = storage.waiters.remove(at: index)
                return (waiter.continuation, storage.state)
            }
            if let (continuation, state) = cancelled { continuation.resume(returning: state) }
        }
    }
}

/// What a `RecordingHandler` saw.
struct ConnectionRecord: Sendable {
    var connection: TCPConnection?
    var active = false
    var bytes: [UInt8] = []
    var receivedCount = 0
    var eof = false
    var closed = false
    var closeError: TransportError?
    var writability: [Bool] = []
    var offLoopCallbacks = 0
}

/// How a `RecordingHandler` behaves.
struct RecordingBehavior: Sendable {
    var keepBytes = true
    var echo = false
    var pauseOnActive = false
    var onActive: (@Sendable (TCPConnection) -> Void)?
    var onReceived: (@Sendable (TCPConnection) -> Void)?
    var onEOF: (@Sendable (TCPConnection) -> Void)?
}

/// A handler that records every event into a `Watch` (and optionally echoes).
final class RecordingHandler: TCPConnectionHandler {
    let watch: Watch<ConnectionRecord>
    let behavior: RecordingBehavior

    init(_ watch: Watch<ConnectionRecord>, _ behavior: RecordingBehavior = RecordingBehavior()) {
        self.watch = watch
        self.behavior = behavior
    }

    private func check(_ connection: TCPConnection) {
        if !connection.eventLoop.inEventLoop { watch.update { $0.offLoopCallbacks += 1 } }
    }

    func connectionActive(_ connection: TCPConnection) {
        check(connection)
        watch.update {
            $0.connection = connection
            $0.active = true
        }
        if behavior.pauseOnActive { connection.pauseReading() }
        behavior.onActive?(connection)
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        check(connection)
        let keep = behavior.keepBytes
        watch.update {
            $0.receivedCount += bytes.count
            if keep { $0.bytes.append(contentsOf: bytes) }
        }
        if behavior.echo { connection.write(copying: bytes) }
        behavior.onReceived?(connection)
    }

    func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        check(connection)
        watch.update { $0.writability.append(isWritable) }
    }

    func connectionReadEOF(_ connection: TCPConnection) {
        check(connection)
        watch.update { $0.eof = true }
        behavior.onEOF?(connection)
    }

    func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        check(connection)
        watch.update {
            $0.closed = true
            $0.closeError = error
        }
    }
}

/// An echo handler with backpressure: it stops reading while its output is above the high-water mark.
final class EchoHandler: TCPConnectionHandler {
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        connection.write(copying: bytes)
        if !connection.isWritable { connection.pauseReading() }
    }

    func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        if isWritable { connection.resumeReading() }
    }
}

enum TransportTestSupport {
    /// A deterministic byte pattern. Filled in place: a generic `map` over a range is unspecialized in debug builds
    /// and took seconds for the multi-MiB payloads under the sanitizers, holding a cooperative thread the
    /// concurrent loopback tests need.
    static func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer.initializeElement(at: index, to: UInt8(truncatingIfNeeded: (index &+ seed) % 251))
            }
            initialized = count
        }
    }

    /// Whether `::1` can be bound (the machine has IPv6 loopback).
    static let hasIPv6Loopback: Bool = {
        guard let addresses = try? SocketAddress.resolve(host: "::1", port: 0, passive: true),
            let address = addresses.first,
            let fd = try? PosixSocketCalls.makeStreamSocket(family: address.family)
        else { return false }
        defer { PosixSocketCalls.close(fd) }
        return address.withSockAddr { bind(fd, $0, $1) } == 0
    }()

    /// Connects a client with a recording handler and waits until it is active.
    static func connectRecording(
        port: Int, host: String = "127.0.0.1", on loop: EventLoop, behavior: RecordingBehavior = RecordingBehavior(),
        options: TCPConnectionOptions = TCPConnectionOptions()
    ) async throws -> (TCPConnection, Watch<ConnectionRecord>) {
        let watch = Watch(ConnectionRecord())
        let connection = try await TCPClient.connect(host: host, port: port, on: loop, options: options) { _ in
            RecordingHandler(watch, behavior)
        }
        return (connection, watch)
    }
}

/// Records the server side: one `Watch` per accepted connection, in accept order.
final class ServerRecorder: Sendable {
    let connections = Watch<[Watch<ConnectionRecord>]>([])
    let behavior: RecordingBehavior

    init(_ behavior: RecordingBehavior = RecordingBehavior()) {
        self.behavior = behavior
    }

    /// The handler factory to pass to `TCPServer.bind`.
    func makeHandler(_ connection: TCPConnection) -> any TCPConnectionHandler {
        let watch = Watch(ConnectionRecord())
        connections.update { $0.append(watch) }
        return RecordingHandler(watch, behavior)
    }

    /// The record of the `index`th accepted connection, once it exists.
    func connection(_ index: Int) async -> Watch<ConnectionRecord> {
        await connections.wait { $0.count > index }[index]
    }
}
