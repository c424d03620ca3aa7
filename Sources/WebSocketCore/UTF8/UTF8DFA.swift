// The deterministic automaton for well-formed UTF-8 (Unicode table 3-7, RFC 3629 §4), in "shift" form:
// a state is a bit offset (a multiple of 6), and the row for a byte packs, for every state, the next state at
// that state's offset. One step is `next = (row[byte] >> state) & 63`.

/// The states of the UTF-8 automaton and its transition rows.
@usableFromInline
enum UTF8DFA {
    /// A byte sequence that is no prefix of valid UTF-8; absorbing.
    @usableFromInline static let reject: UInt64 = 0
    /// On a character boundary.
    @usableFromInline static let accept: UInt64 = 6
    /// One continuation byte (80–BF) to go.
    static let need1: UInt64 = 12
    /// Two continuation bytes to go.
    static let need2: UInt64 = 18
    /// Three continuation bytes to go.
    static let need3: UInt64 = 24
    /// After E0: the next byte must be A0–BF (no overlong 3-byte forms).
    static let afterE0: UInt64 = 30
    /// After ED: the next byte must be 80–9F (no surrogates D800–DFFF).
    static let afterED: UInt64 = 36
    /// After F0: the next byte must be 90–BF (no overlong 4-byte forms).
    static let afterF0: UInt64 = 42
    /// After F4: the next byte must be 80–8F (nothing above U+10FFFF).
    static let afterF4: UInt64 = 48

    /// The state after `byte` in `state` (the reference definition the rows are built from).
    static func next(_ state: UInt64, _ byte: UInt8) -> UInt64 {
        switch state {
        case accept:
            switch byte {
            case 0x00...0x7F: return accept
            case 0xC2...0xDF: return need1
            case 0xE0: return afterE0
            case 0xE1...0xEC, 0xEE...0xEF: return need2
            case 0xED: return afterED
            case 0xF0: return afterF0
            case 0xF1...0xF3: return need3
            case 0xF4: return afterF4
            default: return reject  // 80–BF (lone continuation), C0–C1 (overlong), F5–FF (beyond U+10FFFF)
            }
        case need1: return (0x80...0xBF).contains(byte) ? accept : reject
        case need2: return (0x80...0xBF).contains(byte) ? need1 : reject
        case need3: return (0x80...0xBF).contains(byte) ? need2 : reject
        case afterE0: return (0xA0...0xBF).contains(byte) ? need1 : reject
        case afterED: return (0x80...0x9F).contains(byte) ? need1 : reject
        case afterF0: return (0x90...0xBF).contains(byte) ? need2 : reject
        case afterF4: return (0x80...0x8F).contains(byte) ? need2 : reject
        default: return reject
        }
    }

    /// Row `b` packs `next(s, b) << s` for every state `s`.
    static let rows: [UInt64] = (0...255).map { b in
        let states: [UInt64] = [reject, accept, need1, need2, need3, afterE0, afterED, afterF0, afterF4]
        return states.reduce(0) { row, s in row | next(s, UInt8(b)) &<< s }
    }
}
