import WebSocketIO

let subscribeUsage = """
    usage: ws subscribe URL [--binary [hex|base64]] [--ping-interval S] [--header 'Name: value'] [--subprotocol P]
                            [--max-message BYTES] [--proxy URL | --no-proxy | --unix PATH] [--max-redirects N]
      Connects and prints every message received on its own line (text as it is, binary in hex, or Base64 with
      --binary base64) until the server closes; then prints the close code on standard error and exits 0 for 1000
      (normal closure) or 1001 (going away), 3 for any other close, 1 when the connection failed, 2 on bad
      arguments. It sends nothing but pings and the answer to the server's close.
    \(ClientSetup.messageUsage)
    \(ClientSetup.routeUsage)
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws subscribe URL`: prints the server's messages until it closes.
func runSubscribe(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(arguments, command: "subscribe", usage: subscribeUsage, features: [.binary, .pingInterval]) {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    return runBlocking {
        guard let socket = await setup.connect(command: "subscribe") else { return 1 }
        for await message in socket.messages { writeLine(setup.line(for: message)) }
        let code = await socket.closed()
        let reason = socket.closeInfo?.reason ?? ""
        printError("ws subscribe: closed \(code)\(reason.isEmpty ? "" : " \(reason)")")
        return code == .normalClosure || code == .goingAway ? 0 : 3
    }
}
