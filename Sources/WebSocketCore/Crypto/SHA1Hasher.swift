extension SHA1 {
    /// An incremental SHA-1 computation: feed the message in pieces of any size with `update`, then `finalize`.
    ///
    /// Whole 64-byte blocks are compressed straight from the caller's memory; only a partial block is copied
    /// into the hasher's own 64-byte buffer.
    public struct Hasher: Sendable {
        /// The five chaining words H0…H4 (FIPS 180-4 §5.3.1 initial values).
        private var state = SHA1State()
        /// Bytes of the current partial block (fewer than 64 are meaningful: `pendingCount`).
        private var pending = [UInt8](repeating: 0, count: SHA1.blockByteCount)
        /// How many bytes of `pending` hold message data.
        private var pendingCount = 0
        /// Total message length so far, in bytes (wrapping, as FIPS 180-4 takes the length modulo 2^64 bits).
        private var messageByteCount: UInt64 = 0

        /// A hasher for an empty message.
        public init() {}

        /// Appends the bytes in `buffer` to the message.
        public mutating func update(_ buffer: UnsafeRawBufferPointer) {
            guard var base = buffer.baseAddress, buffer.count > 0 else { return }
            var remaining = buffer.count
            messageByteCount &+= UInt64(truncatingIfNeeded: remaining)

            if pendingCount > 0 {
                let take = min(SHA1.blockByteCount - pendingCount, remaining)
                let start = pendingCount
                pending.withUnsafeMutableBytes { block in
                    block.baseAddress!.advanced(by: start).copyMemory(from: base, byteCount: take)
                }
                pendingCount += take
                base += take
                remaining -= take
                if pendingCount < SHA1.blockByteCount { return }
                pending.withUnsafeBytes { block in state.compress(blocksAt: block.baseAddress!, count: 1) }
                pendingCount = 0
            }

            let wholeBlocks = remaining / SHA1.blockByteCount
            if wholeBlocks > 0 {
                state.compress(blocksAt: base, count: wholeBlocks)
                base += wholeBlocks * SHA1.blockByteCount
                remaining -= wholeBlocks * SHA1.blockByteCount
            }

            if remaining > 0 {
                pending.withUnsafeMutableBytes { block in
                    block.baseAddress!.copyMemory(from: base, byteCount: remaining)
                }
                pendingCount = remaining
            }
        }

        /// Appends `bytes` to the message.
        public mutating func update(_ bytes: some Sequence<UInt8>) {
            let handledContiguously: Void? = bytes.withContiguousStorageIfAvailable { storage in
                update(UnsafeRawBufferPointer(storage))
            }
            if handledContiguously != nil { return }

            // Not contiguous: gather into a block-sized stack buffer and hash from there.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SHA1.blockByteCount * 4) { chunk in
                var filled = 0
                for byte in bytes {
                    chunk[filled] = byte
                    filled += 1
                    if filled == chunk.count {
                        update(UnsafeRawBufferPointer(chunk))
                        filled = 0
                    }
                }
                if filled > 0 {
                    update(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: chunk[0..<filled])))
                }
            }
        }

        /// Pads the message (FIPS 180-4 §5.1.1) and returns its 20-byte digest. The hasher is left finalized;
        /// start a new one for another message.
        public mutating func finalize() -> [UInt8] {
            let bitLength = messageByteCount &* 8
            // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
            let padLength = pendingCount < 56 ? 56 - pendingCount : 120 - pendingCount
            var tail = [UInt8](repeating: 0, count: padLength + 8)
            tail[0] = 0x80
            for index in 0..<8 {
                tail[padLength + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * index))
            }
            let savedCount = messageByteCount
            tail.withUnsafeBytes { update($0) }
            messageByteCount = savedCount
            return state.digest()
        }
    }
}
