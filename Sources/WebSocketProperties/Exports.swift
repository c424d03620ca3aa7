@_exported import WebSocketCore
