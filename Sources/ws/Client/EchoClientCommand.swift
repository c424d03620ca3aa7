import Dispatch
import Foundation
import WebSocketIO

let echoClientUsage = """
    usage: ws echo-client URL [--header 'Name: value'] [--subprotocol P] [--max-message BYTES]
                              [--proxy URL | --no-proxy | --unix PATH] [--max-redirects N]
      Connects, sends back every data message with the same type, answers the close, and exits: 0 after a clean
      close, 3 after a close that was not clean, 1 when the handshake failed. (How conformance suites drive a client.)
    \(ClientSetup.routeUsage)
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws echo-client URL`.
func runEchoClient(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(arguments, command: "echo-client", usage: echoClientUsage) {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    let delegate = EchoUntilClosed()
    let opened: Result<WebSocketChannel, WebSocketConnectError> = runBlockingResult {
        do throws(WebSocketConnectError) {
            return .success(
                try await WebSocketClient.connect(
                    to: setup.url, unixSocketPath: setup.unixSocketPath, headers: setup.headers,
                    subprotocols: setup.subprotocols,
                    configuration: setup.configuration, security: setup.security, proxy: setup.proxy,
                    maximumRedirects: setup.maximumRedirects, delegate: delegate))
        } catch {
            return .failure(error)
        }
    }
    guard case .success = opened else {
        if case .failure(let error) = opened { printError("ws echo-client: \(error)") }
        return 1
    }
    delegate.closed.wait()
    let code = delegate.code
    return code == .normalClosure || code == .noStatusReceived || code == .goingAway ? 0 : 3
}

/// Echoes data messages on the loop thread and signals when the connection is closed.
final class EchoUntilClosed: WebSocketChannelDelegate, @unchecked Sendable {
    let closed = DispatchSemaphore(value: 0)
    var code: CloseCode = .abnormalClosure

    func webSocket(_ channel: WebSocketChannel, didReceive message: Message) {
        try? channel.send(message)
    }

    func webSocketDidClose(_ channel: WebSocketChannel, code: CloseCode, reason: String) {
        self.code = code
        closed.signal()
    }
}

/// Runs `body` in a task and blocks until it returns its result.
func runBlockingResult<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
