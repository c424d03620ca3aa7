// Uniform draws from ranges, booleans and bytes, defined here (not by the standard library's `random(in:using:)`)
// so that their results for a given seed never change with the platform or the Swift version.

extension Xorshift64Star {
    /// A uniform value in `0..<bound` (`bound` > 0), by Lemire's multiply-and-reject method ("Fast random integer
    /// generation in an interval", ACM TOMACS 29(1), 2019), which uses the generator's strong high bits.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "empty range")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform value in `range`.
    public mutating func uint64(in range: ClosedRange<UInt64>) -> UInt64 {
        let span = range.upperBound &- range.lowerBound
        if span == .max { return next() }
        return range.lowerBound &+ below(span &+ 1)
    }

    /// A uniform value in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound))
        let offset = span == .max ? next() : below(span &+ 1)
        return Int(Int64(range.lowerBound) &+ Int64(bitPattern: offset))
    }

    /// A uniform value in `range` (which must not be empty).
    public mutating func int(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "empty range")
        return int(in: range.lowerBound...(range.upperBound - 1))
    }

    /// A fair coin.
    public mutating func bool() -> Bool {
        next() >> 63 == 1
    }

    /// True with probability 1 / `n`.
    public mutating func oneIn(_ n: UInt64) -> Bool {
        below(n) == 0
    }

    /// A uniformly chosen element of `elements` (which must not be empty).
    public mutating func element<C: Collection>(of elements: C) -> C.Element {
        precondition(!elements.isEmpty, "no elements to choose from")
        let offset = Int(below(UInt64(elements.count)))
        return elements[elements.index(elements.startIndex, offsetBy: offset)]
    }

    /// A random byte.
    public mutating func byte() -> UInt8 {
        UInt8(truncatingIfNeeded: next() >> 56)
    }

    /// `count` random bytes, eight per draw in little-endian order.
    public mutating func bytes(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var index = 0
            while index < count {
                var word = next()
                let end = min(index + 8, count)
                while index < end {
                    buffer[index] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    index += 1
                }
            }
            initialized = count
        }
    }
}
