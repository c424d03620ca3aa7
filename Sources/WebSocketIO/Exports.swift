/// The socket layer re-exports the protocol core and the transport, so `import WebSocketIO` is enough for servers
/// and clients.
@_exported import Transport
@_exported import WebSocketCore
