/// A reliable, ordered byte stream owned by one event loop: what a protocol layer runs on. `TCPConnection` is
/// one; a TLS session over a TCP connection is another. Every method is called on the stream's loop.
public protocol ByteStream: AnyObject {
    /// The loop that owns the stream.
    var eventLoop: EventLoop { get }
    /// The peer's address, when known.
    var remoteAddress: SocketAddress? { get }
    /// Whether buffered outbound bytes are below the high-water mark.
    var isWritable: Bool { get }
    /// Bytes queued but not yet accepted by the kernel.
    var bufferedOutboundBytes: Int { get }
    /// Queues bytes, sent at the end of the loop iteration.
    func write(_ bytes: [UInt8])
    /// Stops consuming input.
    func pauseReading()
    /// Resumes consuming input.
    func resumeReading()
    /// Sends what is queued, then closes.
    func close()
    /// Closes at once, discarding queued output.
    func abort()
    /// Runs `task` on the loop after `delay`.
    @discardableResult
    func scheduleTask(in delay: Duration, _ task: @escaping () -> Void) -> EventLoopScheduledTask
}

extension TCPConnection: ByteStream {}
