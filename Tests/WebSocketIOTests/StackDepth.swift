#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The calling thread's stack depth in frames, found by unwinding with the C library's `backtrace(3)` (looked up
/// with `dlsym`: Swift's Glibc module does not export `execinfo.h`).
enum StackDepth {
    private typealias Backtrace = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int32) -> Int32

    private static let backtrace: Backtrace? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "backtrace") else { return nil }
        return unsafeBitCast(symbol, to: Backtrace.self)
    }()

    /// The number of frames on the calling thread's stack, at most 1,024 (enough to tell a constant depth from a
    /// growing one), or 0 when `backtrace(3)` is missing.
    static func frames() -> Int {
        guard let backtrace else { return 0 }
        var addresses = [UnsafeMutableRawPointer?](repeating: nil, count: 1_024)
        return addresses.withUnsafeMutableBufferPointer { Int(backtrace($0.baseAddress, Int32($0.count))) }
    }
}
