#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// An error of the transport layer: a failed system call (with its `errno`), a failed name resolution, a connect
/// timeout or a shut-down event loop.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed; `operation` names the call (for example `"connect"`) and `code` is its `errno`.
    case posix(operation: String, code: Int32)
    /// `getaddrinfo` failed for `host`; `code` is the `EAI_*` code it returned.
    case addressResolution(host: String, code: Int32)
    /// Name resolution succeeded but produced no usable TCP address.
    case noAddresses(host: String)
    /// The connect attempt did not complete within its timeout.
    case connectTimedOut
    /// The event loop was shut down (or is shutting down) so the operation could not run.
    case eventLoopShutDown
    /// A Unix-domain socket path cannot be used: empty, too long for `sockaddr_un`, holding a NUL byte, or naming
    /// something that is not a socket (a server never replaces a file that is not one).
    case invalidUnixSocketPath(path: String, reason: String)

    /// The `errno` of a `.posix` error, `nil` for the other cases.
    public var posixCode: Int32? {
        if case .posix(_, let code) = self { return code }
        return nil
    }

    /// A human-readable description including `strerror` text for system-call failures.
    public var description: String {
        switch self {
        case .posix(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .addressResolution(let host, let code):
            return "cannot resolve \(host): \(String(cString: gai_strerror(code)))"
        case .noAddresses(let host):
            return "no TCP address for \(host)"
        case .connectTimedOut:
            return "connect timed out"
        case .eventLoopShutDown:
            return "event loop is shut down"
        case .invalidUnixSocketPath(let path, let reason):
            return "unusable Unix socket path \(path): \(reason)"
        }
    }
}
