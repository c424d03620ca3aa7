// Applying a masking key to payload bytes (RFC 6455 §5.3): byte i of the payload is XORed with key byte
// (phase + i) mod 4. The same operation masks and unmasks.

extension MaskingKey {
    /// XORs `buffer` in place with the key, starting at key byte `phase` (0...3).
    ///
    /// Returns the phase after the last byte, `(phase + buffer.count) % 4`, so masking a payload in chunks
    /// (feeding each call the phase the previous one returned) equals masking it whole.
    @inlinable
    @discardableResult
    public func apply(to buffer: UnsafeMutableRawBufferPointer, phase: Int = 0) -> Int {
        precondition(phase >= 0 && phase <= 3, "masking phase must be in 0...3")
        guard let base = buffer.baseAddress else { return phase }
        return _xor(from: UnsafeRawPointer(base), to: base, count: buffer.count, phase: phase)
    }

    /// XORs `bytes` in place with the key, starting at key byte `phase` (0...3); returns the phase after the
    /// last byte (see `apply(to:phase:)` for buffers).
    @inlinable
    @discardableResult
    public func apply(to bytes: inout [UInt8], phase: Int = 0) -> Int {
        bytes.withUnsafeMutableBytes { apply(to: $0, phase: phase) }
    }

    /// XORs `source` into `destination` with the key, starting at key byte `phase` (0...3): a copy and an
    /// unmask in one pass. The buffers must have the same count and must not overlap. Returns the phase
    /// after the last byte.
    @inlinable
    @discardableResult
    public func apply(
        from source: UnsafeRawBufferPointer, to destination: UnsafeMutableRawBufferPointer, phase: Int = 0
    ) -> Int {
        precondition(phase >= 0 && phase <= 3, "masking phase must be in 0...3")
        precondition(source.count == destination.count, "masking source and destination differ in size")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return phase }
        return _xor(from: src, to: dst, count: source.count, phase: phase)
    }
}
