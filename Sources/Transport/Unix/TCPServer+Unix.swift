#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

extension TCPServer {
    /// Listens on a Unix-domain stream socket at `path` and starts accepting; connections behave exactly as TCP
    /// ones (same handlers, options and limits).
    ///
    /// The socket file is created safely:
    /// - a path that exists and is not a socket is never touched (`TransportError.invalidUnixSocketPath`);
    /// - a socket with a live server behind it is left alone (`.posix(operation: "bind", code: EADDRINUSE)`);
    /// - a stale socket (nothing accepts on it any more) is replaced;
    /// - the file gets `permissions` before the socket listens, so no one the mode excludes can connect in between;
    /// - `stop()` removes the file, but only while it is still the one this server created.
    ///
    /// - Parameters:
    ///   - path: the socket's path (at most `SocketAddress.maximumUnixPathLength` bytes).
    ///   - permissions: the socket file's mode; default `0o600` (owner only). Connecting needs write permission.
    ///   - group: the loops, as for `bind(host:port:group:options:makeHandler:)`.
    ///   - options: backlog, connection limit and per-connection options.
    ///   - makeHandler: creates the handler of each accepted connection, on that connection's loop.
    public static func bind(
        unixPath path: String, permissions: UInt16 = 0o600, group: EventLoopGroup,
        options: TCPServerOptions = TCPServerOptions(),
        makeHandler: @escaping @Sendable (TCPConnection) -> any TCPConnectionHandler
    ) throws(TransportError) -> TCPServer {
        let address = try SocketAddress(unixPath: path)
        try UnixSocketFile.clearStale(at: path, address: address)
        let fd = try PosixSocketCalls.makeStreamSocket(family: AF_UNIX)
        if address.withSockAddr({ systemBind(fd, $0, $1) }) != 0 {
            let code = errno
            PosixSocketCalls.close(fd)
            throw .posix(operation: "bind", code: code)
        }
        let created = UnixSocketFile.identity(of: path)
        if chmod(path, mode_t(permissions)) != 0 || listen(fd, options.backlog) != 0 {
            let code = errno
            PosixSocketCalls.close(fd)
            UnixSocketFile.remove(path, ifStill: created)
            throw .posix(operation: "listen", code: code)
        }
        let loop = group.next()
        let listener = TCPListener(fd: fd, loop: loop, group: group, options: options, makeHandler: makeHandler)
        listener.onClose = { UnixSocketFile.remove(path, ifStill: created) }
        guard loop.submit({ listener.start() }) else {
            PosixSocketCalls.close(fd)
            UnixSocketFile.remove(path, ifStill: created)
            throw .eventLoopShutDown
        }
        return TCPServer(localAddress: address, listener: listener)
    }
}
