/// The readiness a registered descriptor is watched for.
struct EventLoopInterest: OptionSet, Equatable {
    let rawValue: UInt8
    /// Readable (or peer closed, or error).
    static let read = EventLoopInterest(rawValue: 1)
    /// Writable (or error).
    static let write = EventLoopInterest(rawValue: 2)
}
