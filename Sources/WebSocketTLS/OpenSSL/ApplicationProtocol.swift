#if TLS
import COpenSSL

/// ALPN (RFC 7301) for WebSocket over TLS: the opening handshake is HTTP/1.1 (RFC 6455 §4.1), so that is the one
/// protocol offered and selected.
enum ApplicationProtocol {
    /// The protocol name.
    static let http11 = "http/1.1"
    /// The name in ALPN wire format: one length byte, then the name.
    static let wireFormat: [UInt8] = [UInt8(http11.utf8.count)] + Array(http11.utf8)

    /// Client: offers `http/1.1`.
    static func offer(on context: OpaquePointer) {
        _ = wireFormat.withUnsafeBufferPointer { SSL_CTX_set_alpn_protos(context, $0.baseAddress, UInt32($0.count)) }
    }

    /// Server: selects `http/1.1` when the client offers it; a client offering only other protocols gets no ALPN
    /// answer (rather than a failed handshake), a client offering none is not affected.
    static func installServerSelection(on context: OpaquePointer) {
        SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, offered, offeredLength, _ in
            guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
            let list = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
            let wanted = ApplicationProtocol.wireFormat
            var index = 0
            while index < list.count {
                let length = Int(list[index])
                let end = index + 1 + length
                guard end <= list.count else { break }
                if length + 1 == wanted.count && list[index..<end].elementsEqual(wanted) {
                    out.pointee = offered + index + 1
                    outLength.pointee = UInt8(length)
                    return SSL_TLSEXT_ERR_OK
                }
                index = end
            }
            return SSL_TLSEXT_ERR_NOACK
        }, nil)
    }
}
#endif
