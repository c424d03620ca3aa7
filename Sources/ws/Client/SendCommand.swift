import WebSocketIO

let sendUsage = """
    usage: ws send URL MESSAGE [--binary [hex|base64]] [--header 'Name: value'] [--subprotocol P]
                               [--max-message BYTES] [--proxy URL | --no-proxy | --unix PATH] [--max-redirects N]
      Connects, sends MESSAGE as one text message (with --binary, one binary message written in hex or Base64),
      closes with 1000 and waits for the server's close. Messages the server sends meanwhile are read and dropped.
      Exits 0 after a clean close, 1 when the connection failed or the message could not be sent (the error on
      standard error), 3 when the close was not clean (the code on standard error), 2 on bad arguments.
    \(ClientSetup.messageUsage)
    \(ClientSetup.routeUsage)
    \(DeflateOptions.usage)
    \(TLSOptions.clientUsage)
    """

/// `ws send URL MESSAGE`: one message, then the closing handshake.
func runSend(_ arguments: [String]) -> Int32 {
    let setup: ClientSetup
    switch ClientSetup.parse(
        arguments, command: "send", usage: sendUsage, operands: ["MESSAGE"], features: [.binary, .pingInterval])
    {
    case .success(let parsed): setup = parsed
    case .failure(let status): return status.code
    }
    let message: WebSocketMessage
    do {
        message = try setup.message(from: setup.operands[0])
    } catch {
        printError("ws send: MESSAGE: \(error)\n\(sendUsage)")
        return 2
    }
    return runBlocking {
        guard let socket = await setup.connect(command: "send") else { return 1 }
        // Read what the server sends, so a chatty server cannot fill the inbound queue and stall its close frame.
        let drain = Task { for await _ in socket.messages {} }
        defer { drain.cancel() }
        do {
            try await socket.send(message)
        } catch {
            printError("ws send: message not sent: \(error)")
            socket.abort()
            return 1
        }
        let code = (try? await socket.close()) ?? .abnormalClosure
        await drain.value
        guard code == .normalClosure else {
            let reason = socket.closeInfo?.reason ?? ""
            printError("ws send: closed \(code)\(reason.isEmpty ? "" : " \(reason)")")
            return 3
        }
        return 0
    }
}
