#if TLS
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The buffer decrypted bytes are read into before they go up to the WebSocket layer: one per thread (so per
/// event loop), freed with the thread, instead of one per connection.
final class PlaintextScratch {
    /// Bytes of plaintext handed up per call (four full TLS records).
    static let size = 65_536

    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: PlaintextScratch.size, alignment: 16)
    /// True while a read is using the buffer (a nested read gets a buffer of its own).
    var inUse = false

    deinit { bytes.deallocate() }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        #if canImport(Darwin)
        pthread_key_create(&key) { Unmanaged<PlaintextScratch>.fromOpaque($0).release() }
        #else
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<PlaintextScratch>.fromOpaque(pointer).release() }
        }
        #endif
        return key
    }()

    /// Runs `body` with this thread's buffer (or a temporary one when it is already in use).
    static func withBuffer<T>(_ body: (UnsafeMutableRawBufferPointer) -> T) -> T {
        let scratch: PlaintextScratch
        if let pointer = pthread_getspecific(key) {
            scratch = Unmanaged<PlaintextScratch>.fromOpaque(pointer).takeUnretainedValue()
        } else {
            scratch = PlaintextScratch()
            pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        }
        guard !scratch.inUse else {
            let temporary = PlaintextScratch()
            return withExtendedLifetime(temporary) { body(temporary.bytes) }
        }
        scratch.inUse = true
        defer { scratch.inUse = false }
        return body(scratch.bytes)
    }
}
#endif
