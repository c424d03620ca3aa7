/// Writes RESP: commands (arrays of bulk strings, what a client sends) and any `RESPValue` (what a server sends;
/// used by tests and fake servers).
public enum RESPEncoder {
    /// Appends `command` as an array of bulk strings.
    public static func encode(_ command: RESPCommand, into out: inout [UInt8]) {
        header(UInt8(ascii: "*"), command.arguments.count, into: &out)
        for argument in command.arguments {
            header(UInt8(ascii: "$"), argument.count, into: &out)
            out.append(contentsOf: argument)
            crlf(into: &out)
        }
    }

    /// `command`'s wire bytes.
    public static func encode(_ command: RESPCommand) -> [UInt8] {
        var out: [UInt8] = []
        encode(command, into: &out)
        return out
    }

    /// `value`'s wire bytes.
    public static func encode(_ value: RESPValue) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    /// Appends `value`'s wire form. Simple strings, errors and big numbers are written as given (a CR or LF in them
    /// makes bytes that do not parse back); doubles use Swift's shortest round-trip text.
    public static func encode(_ value: RESPValue, into out: inout [UInt8]) {
        switch value {
        case .simpleString(let text): line(UInt8(ascii: "+"), text, into: &out)
        case .error(let text): line(UInt8(ascii: "-"), text, into: &out)
        case .integer(let number): line(UInt8(ascii: ":"), String(number), into: &out)
        case .bulkString(let bytes): bulk(UInt8(ascii: "$"), bytes, into: &out)
        case .nullBulkString: line(UInt8(ascii: "$"), "-1", into: &out)
        case .array(let elements): aggregate(UInt8(ascii: "*"), elements, into: &out)
        case .nullArray: line(UInt8(ascii: "*"), "-1", into: &out)
        case .null: line(UInt8(ascii: "_"), "", into: &out)
        case .boolean(let flag): line(UInt8(ascii: "#"), flag ? "t" : "f", into: &out)
        case .double(let number):
            let text = number.isNaN ? "nan" : number == .infinity ? "inf" : number == -.infinity ? "-inf" : "\(number)"
            line(UInt8(ascii: ","), text, into: &out)
        case .bigNumber(let digits): line(UInt8(ascii: "("), digits, into: &out)
        case .bulkError(let bytes): bulk(UInt8(ascii: "!"), bytes, into: &out)
        case .verbatimString(let format, let text):
            bulk(UInt8(ascii: "="), Array(format.utf8) + [UInt8(ascii: ":")] + text, into: &out)
        case .map(let entries): pairs(UInt8(ascii: "%"), entries, into: &out)
        case .set(let elements): aggregate(UInt8(ascii: "~"), elements, into: &out)
        case .attribute(let entries, let value):
            pairs(UInt8(ascii: "|"), entries, into: &out)
            encode(value, into: &out)
        case .push(let elements): aggregate(UInt8(ascii: ">"), elements, into: &out)
        }
    }

    private static func crlf(into out: inout [UInt8]) {
        out.append(13)
        out.append(10)
    }

    private static func header(_ type: UInt8, _ count: Int, into out: inout [UInt8]) {
        line(type, String(count), into: &out)
    }

    private static func line(_ type: UInt8, _ text: String, into out: inout [UInt8]) {
        out.append(type)
        out.append(contentsOf: text.utf8)
        crlf(into: &out)
    }

    private static func bulk(_ type: UInt8, _ bytes: [UInt8], into out: inout [UInt8]) {
        header(type, bytes.count, into: &out)
        out.append(contentsOf: bytes)
        crlf(into: &out)
    }

    private static func aggregate(_ type: UInt8, _ elements: [RESPValue], into out: inout [UInt8]) {
        header(type, elements.count, into: &out)
        for element in elements { encode(element, into: &out) }
    }

    private static func pairs(_ type: UInt8, _ entries: [RESPMapEntry], into out: inout [UInt8]) {
        header(type, entries.count, into: &out)
        for entry in entries {
            encode(entry.key, into: &out)
            encode(entry.value, into: &out)
        }
    }
}
