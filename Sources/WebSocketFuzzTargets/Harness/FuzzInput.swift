import WebSocketCore

/// A fuzz input read from the front: a few configuration bytes, then the data the target parses.
///
/// Reading past the end gives 0, so every input (even an empty one) selects some configuration.
struct FuzzInput {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next configuration byte (0 past the end).
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        guard position < bytes.count else { return [] }
        defer { position = bytes.count }
        return Array(bytes[position...])
    }
}

/// How a target cuts its data into the pieces it feeds one call at a time.
enum Chunking {
    /// Piece sizes selected by three bits of a configuration byte; 0 means "all at once".
    static let sizes = [0, 1, 2, 3, 5, 8, 13, 64]

    /// `bytes` cut into pieces of `size` (one piece when `size` is 0 or the data is empty).
    static func pieces(of bytes: [UInt8], size: Int) -> [[UInt8]] {
        guard size > 0, !bytes.isEmpty else { return [bytes] }
        return stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }
}

/// Masking keys from a counter: a client connection's outbound bytes are then the same on every run of an input.
struct CountingMaskingKeySource: MaskingKeySource {
    private var state: UInt32 = 0x5EED_0001

    mutating func nextKey() -> MaskingKey {
        state = state &* 1_664_525 &+ 1_013_904_223
        return MaskingKey(
            UInt8(truncatingIfNeeded: state), UInt8(truncatingIfNeeded: state >> 8),
            UInt8(truncatingIfNeeded: state >> 16), UInt8(truncatingIfNeeded: state >> 24))
    }
}
