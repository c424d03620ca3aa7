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

    /// Entries of the scratch memory `build` needs.
    static let scratchCapacity = 32 + 2 * 320

    /// Fills `table` to decode the code whose lengths are `lengths[0..<count]` (at most 320), using `scratch`
    /// (`scratchCapacity` entries). Returns false when the lengths are over-subscribed, incomplete (except a
    /// single one-bit code where the alphabet accepts it), or need more than `capacity` entries. An empty code
    /// (all lengths zero) is accepted except for the code-length alphabet; every lookup in its table gives an
    /// invalid entry.
    static func build(
        lengths: UnsafePointer<UInt8>, count: Int, alphabet: HuffmanAlphabet, rootBits: Int,
        into table: UnsafeMutablePointer<UInt32>, capacity: Int, scratch: UnsafeMutablePointer<UInt16>
    ) -> Bool {
        typealias E = HuffmanDecodeEntry
        precondition(count <= 320 && (1 << rootBits) <= capacity)
        let counts = scratch
        let offsets = scratch + 16
        let sorted = scratch + 32
        let codes = scratch + 32 + 320
        counts.initialize(repeating: 0, count: 16)
        var maximumLength = 0
        for symbol in 0..<count {
            let length = Int(lengths[symbol])
            guard length != 0 else { continue }
            counts[length] &+= 1
            maximumLength = max(maximumLength, length)
        }
        let rootSize = 1 << rootBits
        let invalidEntry = E.make(kind: E.invalid, bits: 1)
        if maximumLength == 0 {
            table.initialize(repeating: invalidEntry, count: rootSize)
            return alphabet != .codeLength
        }

        // Kraft: every length may use at most the code space the shorter lengths left.
        var left = 1
        for length in 1...15 {
            left = left << 1 - Int(counts[length])
            if left < 0 { return false }
        }
        if left > 0 && !(alphabet.acceptsSingleCode && maximumLength == 1) { return false }
        // Codes no longer than the root fill the first 2^filledBits entries, which are then repeated; a
        // complete code covers every entry, an incomplete one leaves invalid entries.
        let filledBits = min(maximumLength, rootBits)
        let filledSize = 1 << filledBits
        if left > 0 { table.initialize(repeating: invalidEntry, count: filledSize) }

        // Symbols sorted by (length, symbol), and their canonical codes.
        offsets[1] = 0
        for length in 1..<15 { offsets[length + 1] = offsets[length] &+ counts[length] }
        var total = 0
        for symbol in 0..<count where lengths[symbol] != 0 {
            let length = Int(lengths[symbol])
            sorted[Int(offsets[length])] = UInt16(truncatingIfNeeded: symbol)
            offsets[length] &+= 1
            total += 1
        }
        var code = 0
        var currentLength = Int(lengths[Int(sorted[0])])
        for index in 0..<total {
            let length = Int(lengths[Int(sorted[index])])
            code <<= length - currentLength
            currentLength = length
            codes[index] = UInt16(truncatingIfNeeded: DeflateFormat.reversed(code, count: length))
            code += 1
        }

        // Codes that fit the root table: replicated over every value of the bits after them.
        var index = 0
        while index < total, Int(lengths[Int(sorted[index])]) <= rootBits {
            let length = Int(lengths[Int(sorted[index])])
            let entry = alphabet.entry(for: Int(sorted[index])) | UInt32(length)
            var slot = Int(codes[index])
            while slot < filledSize {
                table[slot] = entry
                slot &+= 1 &<< length
            }
            index += 1
        }
        var size = filledSize
        while size < rootSize {
            (table + size).update(from: table, count: size)
            size <<= 1
        }

        // Longer codes: one sub-table per root prefix, sized for the longest code with that prefix.
        let rootMask = rootSize - 1
        var nextFree = rootSize
        while index < total {
            let prefix = Int(codes[index]) & rootMask
            var end = index
            while end < total, Int(codes[end]) & rootMask == prefix { end += 1 }
            let subBits = Int(lengths[Int(sorted[end - 1])]) - rootBits
            let subSize = 1 << subBits
            guard nextFree + subSize <= capacity else { return false }
            (table + nextFree).initialize(repeating: invalidEntry, count: subSize)
            table[prefix] = E.make(kind: E.link, bits: rootBits, extra: subBits, value: nextFree)
            for member in index..<end {
                let length = Int(lengths[Int(sorted[member])]) - rootBits
                let entry = alphabet.entry(for: Int(sorted[member])) | UInt32(length)
                var slot = Int(codes[member]) >> rootBits
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
