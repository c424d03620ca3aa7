// The scanning loop of `UTF8Validator`: on a character boundary it skips ASCII 32 or 16 bytes at a time; other
// bytes go through the automaton 16 at a time, checking for rejection after each block.

/// The bulk scanner over raw bytes.
enum UTF8Scan {
    /// High bit of every byte of a word: a word with none of these set is all ASCII.
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Runs the automaton from `state` over `count` bytes at `base`; returns the final state (`reject` as
    /// soon as a block ends rejected; the reject state is absorbing, so stopping early changes nothing).
    static func run(_ start: UInt64, _ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
        UTF8DFA.rows.withUnsafeBufferPointer { rows in
            var state = start
            var i = 0
            while count &- i >= 16 {
                if state == UTF8DFA.accept {
                    while count &- i >= 32 {
                        let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                        let c = base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
                        let d = base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
                        guard (a | b | c | d) & highBits == 0 else { break }
                        i &+= 32
                    }
                    if count &- i < 16 { break }
                    let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                    if (a | b) & highBits == 0 {
                        i &+= 16
                        continue
                    }
                }
                for j in 0..<16 {
                    let byte = base.load(fromByteOffset: i &+ j, as: UInt8.self)
                    state = rows[Int(byte)] &>> state  // `&>>` uses only the low 6 bits of `state`
                }
                state &= 63
                if state == UTF8DFA.reject { return state }
                i &+= 16
            }
            while i < count {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                state = rows[Int(byte)] &>> state
                i &+= 1
            }
            return state & 63
        }
    }
}
