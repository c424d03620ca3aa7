@testable import WebSocketIO

/// The delegates a callback-API server made, in accept order.
final class ServerDelegates: Sendable {
    let delegates = Watch<[RecordingDelegate]>([])
    private let make: @Sendable () -> RecordingDelegate

    init(_ make: @escaping @Sendable () -> RecordingDelegate = { RecordingDelegate(echo: true) }) {
        self.make = make
    }

    /// The factory to pass as `makeDelegate`.
    func makeDelegate(_ channel: WebSocketChannel) -> any WebSocketChannelDelegate {
        let delegate = make()
        delegate.events.update { $0.channel = channel }
        delegates.update { $0.append(delegate) }
        return delegate
    }

    /// The `index`th delegate, once its connection was accepted.
    func delegate(_ index: Int, within limit: Duration = stepLimit) async throws -> RecordingDelegate {
        try await delegates.wait("server connection \(index)", within: limit) { $0.count > index }[index]
    }
}
