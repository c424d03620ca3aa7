@testable import WebSocketIO

/// Records a channel's writability changes.
final class WritabilityObserver: WebSocketChannel.ChannelObserver, Sendable {
    let changes = Watch<[Bool]>([])
    func channelWritabilityChanged(_ channel: WebSocketChannel, isWritable: Bool) {
        changes.update { $0.append(isWritable) }
    }
    func channelClosed(_ channel: WebSocketChannel) {}
}
