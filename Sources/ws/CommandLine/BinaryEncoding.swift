import Foundation

/// How the clients' `--binary` writes binary messages as text, on standard input and output: hexadecimal (the
/// default) or Base64 (RFC 4648 §4, padded).
enum BinaryEncoding: String, CaseIterable, Sendable {
    case hex
    case base64

    /// The names `--binary` accepts as its value.
    static let names = Set(allCases.map(\.rawValue))

    /// Why a line is not a binary message in this encoding.
    struct DecodingError: Error, CustomStringConvertible {
        /// What was wrong, for the user.
        var description: String
    }

    /// The encoding `--binary[=hex|base64]` asks for: nil without the option.
    static func parse(_ options: CommandLineArguments) throws(CommandLineArguments.ParseError) -> BinaryEncoding? {
        guard options.flag("binary") else { return nil }
        guard let name = options.value("binary") else { return .hex }
        guard let encoding = BinaryEncoding(rawValue: name) else {
            throw CommandLineArguments.ParseError(description: "--binary is hex or base64, not \(name)")
        }
        return encoding
    }

    /// `bytes` as one line of text.
    func encode(_ bytes: [UInt8]) -> String {
        switch self {
        case .hex:
            let digits = Array("0123456789abcdef".utf8)
            var text = [UInt8]()
            text.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        case .base64:
            return Data(bytes).base64EncodedString()
        }
    }

    /// The bytes `line` stands for. Hex: pairs of digits, either case, spaces between bytes allowed; Base64: the
    /// padded alphabet of RFC 4648 §4, surrounding spaces ignored.
    func decode(_ line: String) throws(DecodingError) -> [UInt8] {
        switch self {
        case .hex:
            var bytes: [UInt8] = []
            var high: UInt8?
            for character in line.utf8 {
                if character == UInt8(ascii: " ") || character == UInt8(ascii: "\t") {
                    guard high == nil else { throw DecodingError(description: "hex: a byte is split by a space") }
                    continue
                }
                guard let nibble = Self.nibble(character) else {
                    throw DecodingError(description: "hex: \(Self.describe(character)) is not a hex digit")
                }
                if let first = high {
                    bytes.append(first << 4 | nibble)
                    high = nil
                } else {
                    high = nibble
                }
            }
            guard high == nil else { throw DecodingError(description: "hex: an odd number of digits") }
            return bytes
        case .base64:
            guard let data = Data(base64Encoded: line.trimmingCharacters(in: .whitespaces)) else {
                throw DecodingError(description: "not Base64 (RFC 4648, padded)")
            }
            return Array(data)
        }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func describe(_ character: UInt8) -> String {
        (0x21..<0x7F).contains(character) ? "'\(Character(Unicode.Scalar(character)))'" : String(format: "byte 0x%02x", character)
    }
}
