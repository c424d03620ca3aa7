/// Renders plain HTTP/1.1 responses (rejections, answers to requests that are not upgrades).
public enum HTTPResponseRenderer {
    /// `HTTP/1.1 status reason`, the given headers (fields that cannot be sent are dropped), `Content-Length`,
    /// `Connection: close` and a `text/plain` content type unless `headers` names one, then the body.
    public static func render(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: String) -> [UInt8] {
        render(status: status, reason: reason, headers: headers, body: Array(body.utf8))
    }

    /// The same with a byte body.
    public static func render(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]) -> [UInt8] {
        render(status: status, reason: reason, headers: headers, body: body, keepAlive: false, omitBody: false)
    }

    /// The same, keeping the connection open when `keepAlive` (`Connection: keep-alive`), and leaving the body out
    /// (its `Content-Length` stays) when `omitBody` (a HEAD request). `Transfer-Encoding` in `headers` is dropped too.
    static func render(
        status: Int, reason: String, headers: HTTPHeaders, body: [UInt8], keepAlive: Bool, omitBody: Bool
    ) -> [UInt8] {
        let safeStatus = (100...999).contains(status) ? status : 500
        let safeReason = String(reason.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0.value < 0x80 }.map(Character.init))
        var writer = HTTPHeadWriter(startLine: "HTTP/1.1 \(safeStatus) \(safeReason)")
        let reserved = ["Content-Length", "Connection", "Transfer-Encoding"]
        for field in headers where !reserved.contains(where: { $0.lowercased() == field.name.lowercased() }) {
            if HTTPHeadWriter.firstUnsendableField(in: HTTPHeaders([field]), reserved: []) == nil {
                writer.field(field.name, field.value)
            }
        }
        if headers.first("Content-Type") == nil { writer.field("Content-Type", "text/plain; charset=utf-8") }
        writer.field("Content-Length", String(body.count))
        writer.field("Connection", keepAlive ? "keep-alive" : "close")
        return writer.finish(body: omitBody ? [] : body)
    }
}
