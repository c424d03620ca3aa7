/// A server's fresh `ServerHandshakeReader` shared by reference: every session of the server starts a request on a
/// persistent HTTP connection from a copy of it, without holding its own copy for the connection's lifetime.
package final class SharedRequestReader: Sendable {
    /// The reader, unused.
    package let reader: ServerHandshakeReader

    /// Shares `reader`.
    package init(_ reader: ServerHandshakeReader) {
        self.reader = reader
    }
}
