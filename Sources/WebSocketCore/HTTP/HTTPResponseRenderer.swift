/// Renders plain HTTP/1.1 responses that close the connection (rejections, pages for non-upgrade requests).
public enum HTTPResponseRenderer {
    /// `HTTP/1.1 status reason`, the given headers (fields that cannot be sent are dropped), `Content-Length`,
    /// `Connection: close` and a `text/plain` content type unless `headers` names one, then the body.
    public static func render(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: String) -> [UInt8] {
        render(status: status, reason: reason, headers: headers, body: Array(body.utf8))
    }

    /// The same with a byte body.
    public static func render(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]) -> [UInt8] {
        let safeStatus = (100...999).contains(status) ? status : 500
        let safeReason = String(reason.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0.value < 0x80 }.map(Character.init))
        var writer = HTTPHeadWriter(startLine: "HTTP/1.1 \(safeStatus) \(safeReason)")
        let reserved = ["Content-Length", "Connection"]
        for field in headers where !reserved.contains(where: { $0.lowercased() == field.name.lowercased() }) {
            if HTTPHeadWriter.firstUnsendableField(in: HTTPHeaders([field]), reserved: []) == nil {
                writer.field(field.name, field.value)
            }
        }
        if headers.first("Content-Type") == nil { writer.field("Content-Type", "text/plain; charset=utf-8") }
        writer.field("Content-Length", String(body.count))
        writer.field("Connection", "close")
        return writer.finish(body: body)
    }
}
