/// The socket layer re-exports the protocol core, so `import WebSocketIO` is enough for servers and clients.
@_exported import WebSocketCore
