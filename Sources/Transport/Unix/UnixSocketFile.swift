#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The file system side of a Unix-domain listening socket: what may be replaced before binding, and removing
/// the file afterwards only while it is still the one the server created.
enum UnixSocketFile {
    /// A file's device and inode: which file a path names right now.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// The identity of the file at `path` (not following a symbolic link), nil when there is none.
    static func identity(of path: String) -> Identity? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Makes `path` free for a new socket: nothing there is fine; a socket no server accepts on is removed; a live
    /// socket, or anything that is not a socket (a regular file, a directory, a symbolic link), is refused.
    static func clearStale(at path: String, address: SocketAddress) throws(TransportError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw .posix(operation: "lstat", code: code)
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw .invalidUnixSocketPath(path: path, reason: "exists and is not a socket")
        }
        // A blocking connect on a Unix-domain socket answers at once: accepted (a live server), or refused.
        let probe = socket(AF_UNIX, PosixSocketCalls.streamType, 0)
        guard probe >= 0 else { throw .posix(operation: "socket", code: errno) }
        let result = address.withSockAddr { connect(probe, $0, $1) }
        let code = errno
        PosixSocketCalls.close(probe)
        if result == 0 || code == EAGAIN { throw .posix(operation: "bind", code: EADDRINUSE) }
        guard code == ECONNREFUSED else { throw .posix(operation: "connect", code: code) }
        if unlink(path) != 0 && errno != ENOENT { throw .posix(operation: "unlink", code: errno) }
    }

    /// Removes `path` if it is still the file `created` (another server may have replaced it since).
    static func remove(_ path: String, ifStill created: Identity?) {
        guard let created, identity(of: path) == created else { return }
        _ = unlink(path)
    }
}
