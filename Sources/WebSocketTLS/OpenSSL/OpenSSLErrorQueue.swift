#if TLS
import COpenSSL

/// The calling thread's OpenSSL error queue.
enum OpenSSLErrorQueue {
    /// Empties the queue (OpenSSL's I/O calls need an empty queue for `SSL_get_error` to be reliable).
    static func clear() { ERR_clear_error() }

    /// Empties the queue and returns its entries as text, oldest first; `fallback` when it was empty.
    static func drain(fallback: String = "unknown error") -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) {
                messages.append(String(cString: reason))
            } else {
                messages.append("error 0x\(String(code, radix: 16))")
            }
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }

    /// The reason code of the oldest entry (for example `SSL_R_HTTP_REQUEST`), without removing it; 0 when empty.
    static func firstReason() -> Int32 {
        let code = ERR_peek_error()
        return code == 0 ? 0 : Int32(ERR_GET_REASON(code))
    }
}
#endif
