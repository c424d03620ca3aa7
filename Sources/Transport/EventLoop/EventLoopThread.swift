#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A joinable POSIX thread running one closure (an event loop's `run`).
struct EventLoopThread: @unchecked Sendable {
    #if canImport(Darwin)
    private let handle: pthread_t?
    #else
    private let handle: pthread_t
    #endif

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`.
    init(_ body: @escaping @Sendable () -> Void) throws(TransportError) {
        let argument = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let result = pthread_create(&thread, nil, { argument in
            Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, argument)
        #else
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
            return nil
        }, argument)
        #endif
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(argument).release()
            throw .posix(operation: "pthread_create", code: result)
        }
        handle = thread
    }

    /// Waits for the thread to finish.
    func join() {
        #if canImport(Darwin)
        if let handle { _ = pthread_join(handle, nil) }
        #else
        _ = pthread_join(handle, nil)
        #endif
    }
}
