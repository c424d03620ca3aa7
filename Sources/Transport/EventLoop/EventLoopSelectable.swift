/// An object the event loop notifies about readiness of its descriptor. Called on the loop thread only.
protocol EventLoopSelectable: AnyObject {
    /// The descriptor is readable, at end of stream, or has an error.
    func selectorReadable()
    /// The descriptor is writable or has an error.
    func selectorWritable()
    /// The loop is shutting down: release the descriptor (through the loop's `deregister`).
    func loopWillShutDown()
}
