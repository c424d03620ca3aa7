/// A `SessionConfiguration` shared by reference: a server makes one for all its connections, so each session holds
/// a pointer instead of its own copy.
package final class SharedSessionConfiguration: Sendable {
    /// The configuration.
    package let value: SessionConfiguration

    /// Shares `value`.
    package init(_ value: SessionConfiguration) {
        self.value = value
    }
}
