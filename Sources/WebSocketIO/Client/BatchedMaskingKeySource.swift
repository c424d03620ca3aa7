#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Masking keys from the system CSPRNG, drawn 64 at a time (one `getrandom`/`arc4random_buf` call per 64 frames),
/// so sending many small frames does not pay a system call each.
public struct BatchedMaskingKeySource: MaskingKeySource {
    private var batch = [UInt8](repeating: 0, count: 256)
    private var next = 256

    /// A source that fills its first batch on first use.
    public init() {}

    /// The key for the next frame.
    public mutating func nextKey() -> MaskingKey {
        if next == batch.count {
            batch.withUnsafeMutableBytes { Self.fill($0) }
            next = 0
        }
        defer { next += 4 }
        return MaskingKey(batch[next], batch[next + 1], batch[next + 2], batch[next + 3])
    }

    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Darwin)
        arc4random_buf(buffer.baseAddress!, buffer.count)
        #else
        var filled = 0
        while filled < buffer.count, let getrandom = Self.getrandom {
            let n = getrandom(buffer.baseAddress! + filled, buffer.count - filled, 0)
            if n > 0 {
                filled += n
            } else if errno != EINTR {
                // getrandom cannot fail on Linux >= 3.17 once the pool is initialised; fall back to the stdlib CSPRNG.
                var generator = SystemRandomNumberGenerator()
                for i in filled..<buffer.count { buffer[i] = UInt8(truncatingIfNeeded: generator.next()) }
                filled = buffer.count
            }
        }
        if filled < buffer.count {
            var generator = SystemRandomNumberGenerator()
            for i in filled..<buffer.count { buffer[i] = UInt8(truncatingIfNeeded: generator.next()) }
        }
        #endif
    }

    #if !canImport(Darwin)
    /// `getrandom(2)`, looked up in the loaded C library (Swift's Glibc module does not import it).
    private typealias GetRandom = @convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int
    private static let getrandom: GetRandom? = {
        guard let symbol = dlsym(nil, "getrandom") else { return nil }
        return unsafeBitCast(symbol, to: GetRandom.self)
    }()
    #endif
}
