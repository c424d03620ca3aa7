/// An object that wants to run once at the end of the current loop iteration (after all events were handled).
protocol EventLoopIterationObserver: AnyObject {
    /// Called once per `EventLoop.runAtEndOfIteration(_:)` request, at the end of the iteration.
    func loopIterationDidEnd()
}
