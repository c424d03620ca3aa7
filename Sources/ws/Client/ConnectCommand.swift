import Foundation
import WebSocketIO

let connectUsage = """
    usage: ws connect URL [--header 'Name: value'] [--subprotocol P] [--max-message BYTES] [--unix PATH]
      Like wscat: each line of standard input is sent as a text message; each message received is printed on its
      own line (binary as hex). At end of input it sends close 1000, waits for the reply and exits 0.
      --unix PATH connects to a Unix-domain socket; the URL still gives the Host header and the request target.
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws connect URL`: an interactive client.
func runConnect(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(arguments, command: "connect", usage: connectUsage) {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    return runBlocking {
        let socket: WebSocket
        do {
            if let path = setup.unixSocketPath { printError("ws connect: via unix:\(path)") }
            socket = try await WebSocket.connect(
                to: setup.url, unixSocketPath: setup.unixSocketPath, headers: setup.headers, subprotocols: setup.subprotocols, configuration: setup.configuration,
                security: setup.security)
        } catch {
            printError("ws connect: \(error)")
            return 1
        }
        let printer = Task {
            for await message in socket.messages {
                switch message {
                case .text(let text): writeLine(text)
                case .binary(let bytes): writeLine(bytes.map { String(format: "%02x", $0) }.joined())
                }
            }
        }
        for await line in StandardInputLines() {
            do {
                try await socket.send(text: line)
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

/// Lines of standard input, read on a background thread.
struct StandardInputLines: AsyncSequence {
    func makeAsyncIterator() -> AsyncStream<String>.Iterator {
        AsyncStream<String> { continuation in
            Thread.detachNewThread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
        }.makeAsyncIterator()
    }
}

/// Options shared by the client commands.
struct ClientSetup: Sendable {
    var url: String
    var headers = HTTPHeaders()
    var subprotocols: [String] = []
    var configuration = WebSocketConfiguration()
    var security: (any StreamSecurity)?
    /// `--unix PATH`: connect to this Unix-domain socket instead of the URL's host and port.
    var unixSocketPath: String?

    struct ExitStatus: Error { var code: Int32 }

    static func parse(_ arguments: [String], command: String, usage: String) -> Result<ClientSetup, ExitStatus> {
        do {
            let options = try CommandLineArguments(
                arguments, valueOptions: Set(["header", "subprotocol", "max-message", "unix"]).union(DeflateOptions.valueOptions)
                    .union(TLSOptions.clientValueOptions),
                flagOptions: Set(["help"]).union(DeflateOptions.flagOptions))
            if options.flag("help") {
                print(usage)
                return .failure(ExitStatus(code: 0))
            }
            guard options.positional.count == 1 else {
                throw CommandLineArguments.ParseError(description: "expected one URL")
            }
            var setup = ClientSetup(url: options.positional[0])
            for header in options.values("header") {
                guard let colon = header.firstIndex(of: ":") else {
                    throw CommandLineArguments.ParseError(description: "--header needs 'Name: value'")
                }
                setup.headers.append(
                    name: String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                    value: String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            }
            setup.subprotocols = options.values("subprotocol")
            setup.unixSocketPath = options.value("unix")
            setup.configuration.connection.limits.maximumMessageSize = try options.int("max-message") ?? 16 << 20
            setup.configuration.connection.limits.maximumFrameSize = setup.configuration.connection.limits.maximumMessageSize
            setup.configuration.connection.limits.maximumFragmentsPerMessage = 131_072
            setup.configuration.extensions = try DeflateOptions.extensions(options)
            setup.security = try TLSOptions.clientSecurity(url: setup.url, options)
            return .success(setup)
        } catch {
            printError("ws \(command): \(error)\n\(usage)")
            return .failure(ExitStatus(code: 2))
        }
    }
}

/// Writes a line straight to standard output (no stdio buffer: `fflush` of all streams would wait on the lock of
/// standard input, which the line reader holds while it blocks).
func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
