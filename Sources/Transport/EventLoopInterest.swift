/// The readiness a registered descriptor is watched for.
struct EventLoopInterest: OptionSet, Equatable {
    let rawValue: UInt8
    /// Readable (or peer closed, or error).
    static let read = EventLoopInterest(rawValue: 1)
    /// Writable (or error).
    static let write = EventLoopInterest(rawValue: 2)
}

/// An object the event loop notifies about readiness of its descriptor. Called on the loop thread only.
protocol EventLoopSelectable: AnyObject {
    /// The descriptor is readable, at end of stream, or has an error.
    func selectorReadable()
    /// The descriptor is writable or has an error.
    func selectorWritable()
    /// The loop is shutting down: release the descriptor (through the loop's `deregister`).
    func loopWillShutDown()
}

/// An object that wants to run once at the end of the current loop iteration (after all events were handled).
protocol EventLoopIterationObserver: AnyObject {
    /// Called once per `EventLoop.runAtEndOfIteration(_:)` request, at the end of the iteration.
    func loopIterationDidEnd()
}
