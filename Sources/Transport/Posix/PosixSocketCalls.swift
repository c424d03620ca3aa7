#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Thin wrappers over the socket system calls the transport uses, hiding the Linux/Darwin differences
/// (`SOCK_NONBLOCK`/`accept4`/`MSG_NOSIGNAL` on Linux, `fcntl`/`SO_NOSIGPIPE` on Darwin).
enum PosixSocketCalls {
    #if os(Linux)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    /// Flags for `send`/`sendmsg`: never raise `SIGPIPE`.
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let streamType = SOCK_STREAM
    /// Flags for `send`/`sendmsg`; `SIGPIPE` is suppressed per socket with `SO_NOSIGPIPE` on Darwin.
    static let sendFlags: Int32 = 0
    #endif

    /// Creates a non-blocking, close-on-exec TCP socket of `family`.
    static func makeStreamSocket(family: Int32) throws(TransportError) -> Int32 {
        #if os(Linux)
        let fd = socket(family, streamType | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .posix(operation: "socket", code: errno) }
        #else
        let fd = socket(family, streamType, 0)
        guard fd >= 0 else { throw .posix(operation: "socket", code: errno) }
        prepareDarwinSocket(fd)
        #endif
        return fd
    }

    #if !os(Linux)
    /// Makes a Darwin socket non-blocking and close-on-exec and disables `SIGPIPE` on it.
    static func prepareDarwinSocket(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        setIntOption(fd, level: SOL_SOCKET, name: SO_NOSIGPIPE, value: 1)
    }
    #endif

    /// The outcome of one `accept` call.
    enum AcceptResult {
        /// A new non-blocking, close-on-exec connection.
        case accepted(Int32)
        /// No pending connection (`EAGAIN`).
        case wouldBlock
        /// `accept` failed with this `errno`.
        case failed(Int32)
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    static func accept(_ listener: Int32) -> AcceptResult {
        while true {
            #if os(Linux)
            let fd = PosixLinuxSymbols.accept4(
                listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            #else
            let fd = Darwin.accept(listener, nil, nil)
            if fd >= 0 { prepareDarwinSocket(fd) }
            #endif
            if fd >= 0 { return .accepted(fd) }
            let code = errno
            switch code {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(code)
            }
        }
    }

    /// Sets an integer socket option, ignoring failure (used for best-effort options).
    @discardableResult
    static func setIntOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) -> Bool {
        var value = value
        return setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }

    /// Reads an integer socket option, or `nil` when `getsockopt` fails.
    static func intOption(_ fd: Int32, level: Int32, name: Int32) -> Int32? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, level, name, &value, &length) == 0 ? value : nil
    }

    /// Disables Nagle's algorithm so small frames leave at once.
    static func setNoDelay(_ fd: Int32) {
        setIntOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
    }

    /// Makes `close` send a reset and discard unsent data (`SO_LINGER` with a zero timeout).
    static func setLingerZero(_ fd: Int32) {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    /// The pending error of a socket (`SO_ERROR`), 0 when there is none.
    static func pendingError(_ fd: Int32) -> Int32 {
        intOption(fd, level: SOL_SOCKET, name: SO_ERROR) ?? errno
    }

    /// Closes a descriptor; errors (including `EINTR`, after which Linux has closed it) are ignored.
    static func close(_ fd: Int32) {
        #if canImport(Darwin)
        _ = Darwin.close(fd)
        #else
        _ = Glibc.close(fd)
        #endif
    }

    /// Binds an unconnected client socket to the local (source) address `address` before it connects. On Linux
    /// the port is left to `connect` (`IP_BIND_ADDRESS_NO_PORT`), so source ports are shared across destinations
    /// instead of being reserved at bind time. A family other than the socket's is `EAFNOSUPPORT`.
    static func bindSource(_ fd: Int32, to address: SocketAddress, socketFamily: Int32) throws(TransportError) {
        guard address.family == socketFamily else { throw .posix(operation: "bind", code: EAFNOSUPPORT) }
        #if os(Linux)
        // IP_BIND_ADDRESS_NO_PORT from <linux/in.h> (24), not imported by Glibc; best effort (Linux 4.2+).
        setIntOption(fd, level: Int32(IPPROTO_IP), name: 24, value: 1)
        #endif
        let result = address.withSockAddr { bind(fd, $0, $1) }
        guard result == 0 else { throw .posix(operation: "bind", code: errno) }
    }

    /// The local address a socket is bound to.
    static func localAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? SocketAddress(storage: storage, length: length) : nil
    }

    /// The address of a connected socket's peer.
    static func remoteAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        return result == 0 ? SocketAddress(storage: storage, length: length) : nil
    }
}
