import Transport

/// The event loops Redis clients run on when none is given.
public enum RedisEventLoops {
    /// One loop, started on first use and never shut down (so a client can always reach it).
    public static let shared: EventLoopGroup = {
        do {
            return try EventLoopGroup(numberOfThreads: 1)
        } catch {
            fatalError("cannot start the Redis client event loop: \(error)")
        }
    }()
}
