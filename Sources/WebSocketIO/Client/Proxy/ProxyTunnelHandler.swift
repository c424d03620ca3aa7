/// The first handler of a connection to an HTTP proxy: sends `CONNECT`, reads the answer (bounded, timed), and on
/// a 2xx hands the connection to the handler `next` makes (TLS or the WebSocket channel), which then sees
/// `connectionActive` and any bytes that followed the proxy's head, as if the tunnel were a direct connection.
final class ProxyTunnelHandler: TCPConnectionHandler {
    private var reader: ProxyConnectReader
    private let request: [UInt8]
    private let timeout: Duration
    private var next: ((TCPConnection) -> any TCPConnectionHandler)?
    private var fail: ((ProxyConnectError) -> Void)?
    private var timer: EventLoopScheduledTask?

    /// A tunnel to `host:port` through `proxy`; `fail` is called at most once, when no tunnel opens.
    init(
        proxy: HTTPProxy, host: String, port: Int, timeout: Duration, maximumHeadSize: Int,
        next: @escaping (TCPConnection) -> any TCPConnectionHandler, fail: @escaping (ProxyConnectError) -> Void
    ) {
        self.reader = ProxyConnectReader(maximumHeadSize: maximumHeadSize)
        self.request = ProxyConnectRequest.bytes(host: host, port: port, credentials: proxy.credentials)
        self.timeout = timeout
        self.next = next
        self.fail = fail
    }

    func connectionActive(_ connection: TCPConnection) {
        connection.write(request)
        timer = connection.scheduleTask(in: timeout) { [weak self, weak connection] in
            self?.failed(.timedOut)
            connection?.abort()
        }
    }

    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        guard let next else { return }
        let step: ProxyConnectReader.Step
        do {
            step = try reader.receive(bytes)
        } catch {
            failed(error)
            connection.abort()
            return
        }
        guard case .established(let leftover) = step else { return }
        self.next = nil
        fail = nil
        timer?.cancel()
        timer = nil
        let upper = next(connection)
        connection.handler = upper
        upper.connectionActive(connection)
        if !leftover.isEmpty && connection.isOpen {
            leftover.withUnsafeBytes { upper.connection(connection, received: $0) }
        }
    }

    func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        failed(.closedBeforeResponse)
    }

    private func failed(_ error: ProxyConnectError) {
        timer?.cancel()
        timer = nil
        next = nil
        let fail = self.fail
        self.fail = nil
        fail?(error)
    }
}
