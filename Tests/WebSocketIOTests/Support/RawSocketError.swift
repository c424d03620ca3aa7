/// Why a raw socket operation failed.
enum RawSocketError: Error, Equatable, CustomStringConvertible {
    case system(String, Int32)
    case timedOut(String)
    case closed(RawSocket.Ending, while: String)

    var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: errno \(code)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .closed(let ending, let what): "connection ended (\(ending)) while waiting for \(what)"
        }
    }
}
