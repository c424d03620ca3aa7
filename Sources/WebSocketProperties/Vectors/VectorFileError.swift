/// A vector file that decoded as JSON but whose content does not make a vector.
public struct VectorFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the vector.
    public var description: String

    /// An error described by `description`.
    public init(_ description: String) {
        self.description = description
    }

    /// The bytes of the hex string `hex` (whitespace ignored), or an error naming `what`.
    static func bytes(hex: String, _ what: String) throws(VectorFileError) -> [UInt8] {
        var out: [UInt8] = []
        var high: UInt8?
        for c in hex.utf8 where c != 0x20 && c != 0x0A {
            let value: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = c - UInt8(ascii: "A") + 10
            default: throw VectorFileError("\(what): bad hex digit in \(hex.prefix(40))")
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if high != nil { throw VectorFileError("\(what): odd number of hex digits") }
        return out
    }
}
