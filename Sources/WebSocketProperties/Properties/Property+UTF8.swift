// The incremental UTF-8 validator agrees with the standard library's validating decoder.

extension Property {
    /// `WS-PROP-UTF8-STDLIB`.
    public static let utf8AgreesWithStdlib = Property(
        name: "utf8-agrees-with-stdlib",
        description: "UTF8Validator accepts exactly what String(validating:as: UTF8.self) accepts, fed whole, split at every point, or byte by byte",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let bytes = Generate.utf8Candidate(maximumScalars: 24, using: &g)
        let expected = String(validating: bytes, as: UTF8.self) != nil
        let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
        try requireEqual(UTF8Validator.isValid(bytes), expected, "isValid([\(hex)])")
        for split in 0...bytes.count {
            var validator = UTF8Validator()
            let head = validator.consume(bytes[..<split])
            if !head {
                try require(!expected, "prefix of \(split) bytes refused although [\(hex)] is valid")
            }
            let tail = validator.consume(bytes[split...])
            try requireEqual(head && tail && validator.finish(), expected, "split at \(split) of [\(hex)]")
        }
        var validator = UTF8Validator()
        var accepted = true
        for byte in bytes { accepted = validator.consume(CollectionOfOne(byte)) && accepted }
        try requireEqual(accepted && validator.finish(), expected, "byte by byte [\(hex)]")
    }
}
