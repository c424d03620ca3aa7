import WebSocketDeflate
import WebSocketIO

/// An echo server in this process with `ws serve`'s settings (permessage-deflate offered, the echo delegate), for
/// short soaks in tests: the message limit is smaller so that a decompression bomb stays cheap.
enum SoakInProcessServer {
    /// Starts the server on 127.0.0.1 and an ephemeral port; `makeDelegate` defaults to `ws serve`'s echo.
    static func start(
        maximumMessageSize: Int,
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate = { _ in EchoDelegate() }
    ) throws -> WebSocketServer {
        var configuration = WebSocketConfiguration()
        configuration.connection.limits.maximumMessageSize = maximumMessageSize
        configuration.connection.limits.maximumFrameSize = maximumMessageSize
        configuration.extensions = [PerMessageDeflate()]
        return try WebSocketServer.start(host: "127.0.0.1", port: 0, configuration: configuration, makeDelegate: makeDelegate)
    }
}
