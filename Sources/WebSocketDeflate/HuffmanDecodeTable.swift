/// Builds the two-level lookup tables that decode canonical Huffman codes (RFC 1951 §3.2.2).
///
/// The root table is indexed by the next `rootBits` bits of the stream (least significant bit first, so
/// by the reversed code); a code longer than `rootBits` goes through a link entry to a sub-table indexed by
/// the following bits. Every sub-table of `k` index bits serves at least `k + 1` codes (the codes are
/// complete), which bounds the table sizes below.
enum HuffmanDecodeTable {
    /// Root bits of the literal/length table.
    static let literalLengthRootBits = 10
    /// Entries of the literal/length table: 1,024 root entries plus at most 288 × 32 / 6 in sub-tables.
    static let literalLengthCapacity = 1024 + 1536
    /// Root bits of the distance table.
    static let distanceRootBits = 8
    /// Entries of the distance table: 256 root entries plus at most 30 × 128 / 8 in sub-tables.
    static let distanceCapacity = 256 + 480
    /// Root bits of the code-length table (its codes are at most 7 bits, so it has no sub-tables).
    static let codeLengthRootBits = 7

    /// Fills `table` to decode the code whose lengths are `lengths[0..<count]`. Returns false when the lengths
    /// are over-subscribed, incomplete (except a single one-bit code where the alphabet accepts it), or need
    /// more than `capacity` entries. An empty code (all lengths zero) is accepted except for the code-length
    /// alphabet; every lookup in its table gives an invalid entry.
    static func build(
        lengths: UnsafePointer<UInt8>, count: Int, alphabet: HuffmanAlphabet, rootBits: Int,
        into table: UnsafeMutablePointer<UInt32>, capacity: Int
    ) -> Bool {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 32 + 3 * 320) { scratch in
            let counts = scratch.baseAddress!
            let offsets = counts + 16
            let sorted = offsets + 16
            let codes = sorted + 320
            return build(
                lengths: lengths, count: count, alphabet: alphabet, rootBits: rootBits, into: table,
                capacity: capacity, counts: counts, offsets: offsets, sorted: sorted, codes: codes)
        }
    }

    private static func build(
        lengths: UnsafePointer<UInt8>, count: Int, alphabet: HuffmanAlphabet, rootBits: Int,
        into table: UnsafeMutablePointer<UInt32>, capacity: Int,
        counts: UnsafeMutablePointer<Int>, offsets: UnsafeMutablePointer<Int>,
        sorted: UnsafeMutablePointer<Int>, codes: UnsafeMutablePointer<Int>
    ) -> Bool {
        typealias E = HuffmanDecodeEntry
        precondition(count <= 320 && (1 << rootBits) <= capacity)
        counts.initialize(repeating: 0, count: 16)
        var maximumLength = 0
        for symbol in 0..<count {
            let length = Int(lengths[symbol])
            counts[length] += 1
            maximumLength = max(maximumLength, length)
        }
        let rootSize = 1 << rootBits
        let invalidEntry = E.make(kind: E.invalid, bits: 1)
        table.initialize(repeating: invalidEntry, count: rootSize)
        if maximumLength == 0 { return alphabet != .codeLength }

        // Kraft: every length may use at most the code space the shorter lengths left.
        var left = 1
        for length in 1...15 {
            left = left << 1 - counts[length]
            if left < 0 { return false }
        }
        if left > 0 && !(alphabet.acceptsSingleCode && maximumLength == 1) { return false }

        // Symbols sorted by (length, symbol), and their canonical codes.
        offsets[1] = 0
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        var total = 0
        for symbol in 0..<count where lengths[symbol] != 0 {
            let length = Int(lengths[symbol])
            sorted[offsets[length]] = symbol
            offsets[length] += 1
            total += 1
        }
        var code = 0
        var currentLength = Int(lengths[sorted[0]])
        for index in 0..<total {
            let length = Int(lengths[sorted[index]])
            code <<= length - currentLength
            currentLength = length
            codes[index] = DeflateFormat.reversed(code, count: length)
            code += 1
        }

        // Codes that fit the root table: replicated over every value of the bits after them.
        var index = 0
        while index < total, Int(lengths[sorted[index]]) <= rootBits {
            let length = Int(lengths[sorted[index]])
            let entry = alphabet.entry(for: sorted[index]) | UInt32(length)
            var slot = codes[index]
            while slot < rootSize {
                table[slot] = entry
                slot += 1 << length
            }
            index += 1
        }

        // Longer codes: one sub-table per root prefix, sized for the longest code with that prefix.
        let rootMask = rootSize - 1
        var nextFree = rootSize
        while index < total {
            let prefix = codes[index] & rootMask
            var end = index
            while end < total, codes[end] & rootMask == prefix { end += 1 }
            let subBits = Int(lengths[sorted[end - 1]]) - rootBits
            let subSize = 1 << subBits
            guard nextFree + subSize <= capacity else { return false }
            (table + nextFree).initialize(repeating: invalidEntry, count: subSize)
            table[prefix] = E.make(kind: E.link, bits: rootBits, extra: subBits, value: nextFree)
            for member in index..<end {
                let length = Int(lengths[sorted[member]]) - rootBits
                let entry = alphabet.entry(for: sorted[member]) | UInt32(length)
                var slot = codes[member] >> rootBits
                while slot < subSize {
                    table[nextFree + slot] = entry
                    slot += 1 << length
                }
            }
            nextFree += subSize
            index = end
        }
        return true
    }
}
