import RedisTestSupport
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Dispatch
import RESP
import Synchronization

/// A hand-written "Redis" on a loopback port: each accepted connection runs `respond` on its own thread with the
/// commands it reads (parsed with `RESPParser`). `respond` gets the connection's index (0 for the first) and one
/// command, and returns the bytes to answer, `[]` to stay silent, or nil to close the connection at once.
final class FakeRedisServer: Sendable {
    let port: Int
    private let fd: Int32
    private let flags = Flags()

    private final class Flags: Sendable {
        let accepted = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
    }

    /// Connections accepted so far.
    var connections: Int { flags.accepted.load(ordering: .relaxed) }

    init(respond: @escaping @Sendable (_ connection: Int, _ command: [String]) -> [UInt8]?) throws {
        guard let (fd, port) = LoopbackSockets.bind(listening: true) else { throw FixtureError("cannot listen") }
        self.fd = fd
        self.port = port
        let flags = self.flags
        let thread = DispatchQueue(label: "fake-redis-accept")
        thread.async {
            while !flags.stopped.load(ordering: .relaxed) {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 50) == 1 else { continue }
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { continue }
                let index = flags.accepted.wrappingAdd(1, ordering: .relaxed).oldValue
                DispatchQueue.global().async { Self.serve(connection, index: index, flags: flags, respond: respond) }
            }
            close(fd)
        }
    }

    private static func serve(
        _ fd: Int32, index: Int, flags: Flags,
        respond: @Sendable (Int, [String]) -> [UInt8]?
    ) {
        defer { close(fd) }
        var parser = RESPParser()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !flags.stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) == 1 else { continue }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return }
            parser.append(buffer[0..<count])
            while let value = try? parser.next() {
                let command = (value.elements ?? []).map { $0.string ?? "" }
                guard let answer = respond(index, command) else { return }
                var offset = 0
                while offset < answer.count {
                    let written = answer[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    /// Stops accepting and ends every connection (within ~50 ms).
    func stop() {
        flags.stopped.store(true, ordering: .relaxed)
    }
}
