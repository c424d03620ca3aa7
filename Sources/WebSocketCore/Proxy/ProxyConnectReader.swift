/// Reads a proxy's answer to `CONNECT`, sans IO: feed it the proxy's bytes until it reports the tunnel open (a 2xx
/// status, RFC 9110 §9.3.6) or throws. The head is bounded by `maximumHeadSize` bytes and `maximumHeaderCount` fields.
public struct ProxyConnectReader: Sendable {
    /// What the bytes so far amount to.
    public enum Step: Sendable, Hashable {
        /// The response head is not complete yet.
        case needMoreData
        /// The tunnel is open; `leftover` arrived after the head and belongs to the tunnelled stream.
        case established(leftover: [UInt8])
    }

    /// The default limit on the response head: 8 KiB.
    public static let defaultMaximumHeadSize = 8 * 1024

    private var parser: HTTPResponseHeadParser
    private var done = false

    /// A reader with the given limits.
    public init(maximumHeadSize: Int = ProxyConnectReader.defaultMaximumHeadSize, maximumHeaderCount: Int = 100) {
        parser = HTTPResponseHeadParser(maximumHeadSize: maximumHeadSize, maximumHeaderCount: maximumHeaderCount)
    }

    /// Feeds the next bytes from the proxy. After the step `.established` or an error, further input is an error
    /// (`.malformedResponse(.alreadyComplete)`).
    public mutating func receive(_ bytes: some Collection<UInt8>) throws(ProxyConnectError) -> Step {
        let head: HTTPResponseHead
        let consumed: Int
        do {
            switch try parser.feed(bytes) {
            case .needMoreData: return .needMoreData
            case .complete(let parsed, let count): (head, consumed) = (parsed, count)
            }
        } catch {
            throw .malformedResponse(error)
        }
        switch head.status {
        case 200...299: return .established(leftover: Array(bytes.dropFirst(consumed)))
        case 401, 407: throw .authenticationRequired(status: head.status, reason: head.reason)
        default: throw .refused(status: head.status, reason: head.reason)
        }
    }
}
