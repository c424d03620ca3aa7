/// A plain HTTP request the application is answering: how its response is to be sent, and the bytes that came
/// after it (a pipelined next request), processed once the response is out.
struct HTTPExchange: Sendable {
    /// The connection stays open for another request after the response.
    var keepAlive: Bool
    /// The request was HEAD: the response's body is left out (its length stays).
    var omitBody: Bool
    /// Bytes read after the request.
    var remaining: [UInt8]
}
