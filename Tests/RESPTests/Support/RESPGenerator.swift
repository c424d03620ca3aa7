import RESP

/// Random `RESPValue`s from the seeded generator, for the round-trip property.
enum RESPGenerator {
    static func value(_ random: inout Xorshift64Star, depth: Int = 0) -> RESPValue {
        let scalarOnly = depth >= 3
        let choice = Int(random.next() % (scalarOnly ? 12 : 18))
        switch choice {
        case 0: return .simpleString(line(&random))
        case 1: return .error(line(&random))
        case 2: return .integer(Int64(bitPattern: random.next()))
        case 3: return .bulkString(bytes(&random))
        case 4: return .nullBulkString
        case 5: return .nullArray
        case 6: return .null
        case 7: return .boolean(random.next() & 1 == 0)
        case 8: return .double(double(&random))
        case 9: return .bigNumber((random.next() & 1 == 0 ? "-" : "") + String(random.next()) + String(random.next()))
        case 10: return .bulkError(bytes(&random))
        case 11: return .verbatimString(format: random.next() & 1 == 0 ? "txt" : "mkd", text: bytes(&random))
        case 12: return .array(list(&random, depth))
        case 13: return .set(list(&random, depth))
        case 14: return .push(list(&random, depth))
        case 15: return .map(entries(&random, depth))
        case 16: return .attribute(entries(&random, depth), value(&random, depth: depth + 1))
        default: return .array([])
        }
    }

    static func line(_ random: inout Xorshift64Star) -> String {
        let alphabet = Array("abcXYZ019 :-+$*_é✓")
        let count = Int(random.next() % 12)
        return String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    static func bytes(_ random: inout Xorshift64Star) -> [UInt8] {
        let count = Int(random.next() % 40)
        return (0..<count).map { _ in
            // CR and LF often, so binary safety is exercised.
            let pick = random.next() % 8
            return pick == 0 ? 13 : pick == 1 ? 10 : UInt8(truncatingIfNeeded: random.next())
        }
    }

    static func double(_ random: inout Xorshift64Star) -> Double {
        switch random.next() % 6 {
        case 0: return .infinity
        case 1: return -.infinity
        case 2: return Double(Int64(bitPattern: random.next()) % 100_000) / 8
        default:
            let value = Double(bitPattern: random.next())
            return value.isNaN ? 0.5 : value
        }
    }

    static func list(_ random: inout Xorshift64Star, _ depth: Int) -> [RESPValue] {
        (0..<Int(random.next() % 5)).map { _ in value(&random, depth: depth + 1) }
    }

    static func entries(_ random: inout Xorshift64Star, _ depth: Int) -> [RESPMapEntry] {
        (0..<Int(random.next() % 4)).map { _ in
            RESPMapEntry(key: value(&random, depth: depth + 1), value: value(&random, depth: depth + 1))
        }
    }

    /// `bytes` cut at random points (sometimes one byte at a time).
    static func chunks(_ bytes: [UInt8], _ random: inout Xorshift64Star) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var index = 0
        let single = random.next() % 4 == 0
        while index < bytes.count {
            let size = single ? 1 : 1 + Int(random.next() % 17)
            pieces.append(Array(bytes[index..<min(bytes.count, index + size)]))
            index += size
        }
        return pieces
    }
}
