import Foundation
import WebSocketIO

let connectUsage = """
    usage: ws connect URL [--header 'Name: value'] [--subprotocol P] [--binary [hex|base64]] [--ping-interval S]
                          [--max-message BYTES] [--proxy http://[user:pass@]host:port | --no-proxy | --unix PATH]
                          [--max-redirects N]
      Like wscat: each line of standard input is sent as a text message (with --binary, as a binary message written
      in hex or Base64); each message received is printed on its own line (binary in hex, or as --binary says). At
      end of input it sends close 1000, waits for the reply and exits 0 (3 when the close was not clean, 1 when
      the connection failed, 2 on bad arguments). A line that is not valid hex or Base64 is reported and skipped.
    \(ClientSetup.messageUsage)
    \(ClientSetup.routeUsage)
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws connect URL`: an interactive client.
func runConnect(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(arguments, command: "connect", usage: connectUsage, features: [.binary, .pingInterval]) {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    return runBlocking {
        guard let socket = await setup.connect(command: "connect") else { return 1 }
        let printer = Task {
            for await message in socket.messages { writeLine(setup.line(for: message)) }
        }
        for await line in StandardInputLines() {
            let message: WebSocketMessage
            do {
                message = try setup.message(from: line)
            } catch {
                printError("ws connect: line not sent: \(error)")
                continue
            }
            do {
                try await socket.send(message)
            } catch {
                printError("ws connect: \(error)")
                break
            }
        }
        let code = (try? await socket.close()) ?? .abnormalClosure
        await printer.value
        let reason = socket.closeInfo?.reason ?? ""
        printError("ws connect: closed \(code)\(reason.isEmpty ? "" : " \(reason)")")
        return code == .normalClosure || code == .noStatusReceived ? 0 : 3
    }
}

/// Lines of standard input, read on a background thread at most `readAhead` lines ahead of the consumer (a
/// large file piped in is not read into memory faster than it is sent).
struct StandardInputLines: AsyncSequence {
    /// How many lines the reader may hold that the consumer has not taken yet.
    static let readAhead = 64

    func makeAsyncIterator() -> Iterator {
        let slots = ReadAheadSlots(Self.readAhead)
        let stream = AsyncStream<String> { continuation in
            Thread.detachNewThread {
                while true {
                    slots.take()
                    guard let line = readLine(strippingNewline: true) else { break }
                    continuation.yield(line)
                }
                continuation.finish()
            }
        }
        return Iterator(lines: stream.makeAsyncIterator(), slots: slots)
    }

    /// Yields each line and gives its slot back to the reader.
    struct Iterator: AsyncIteratorProtocol {
        var lines: AsyncStream<String>.Iterator
        let slots: ReadAheadSlots

        mutating func next() async -> String? {
            let line = await lines.next()
            if line != nil { slots.give() }
            return line
        }
    }

    /// A counter the reader thread blocks on while the consumer is `readAhead` lines behind.
    final class ReadAheadSlots: @unchecked Sendable {
        private let condition = NSCondition()
        private var free: Int

        init(_ count: Int) { free = count }

        /// Waits for a free slot and takes it (reader thread).
        func take() {
            condition.lock()
            while free == 0 { condition.wait() }
            free -= 1
            condition.unlock()
        }

        /// Gives a slot back.
        func give() {
            condition.lock()
            free += 1
            condition.signal()
            condition.unlock()
        }
    }
}

/// Prints how a client got to its server on standard error: each redirect, then the proxy of the last connection.
func printRoute(_ route: WebSocketRoute, command: String) {
    for redirect in route.redirects { printError("ws \(command): redirected \(redirect.status) → \(redirect.to)") }
    if let proxy = route.proxy, let url = WebSocketURL(route.url) {
        let authority = url.host.contains(":") ? "[\(url.host)]:\(url.port)" : "\(url.host):\(url.port)"
        printError("ws \(command): via proxy \(proxy) (CONNECT \(authority))")
    }
    if let path = route.unixSocketPath { printError("ws \(command): via unix:\(path)") }
}

/// Writes a line straight to standard output (no stdio buffer: `fflush` of all streams would wait on the lock of
/// standard input, which the line reader holds while it blocks).
func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
