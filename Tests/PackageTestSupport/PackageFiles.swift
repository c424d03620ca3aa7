import Foundation

/// Locates files of the package (vectors, spec) from the test sources, so tests run from any working directory.
/// Shared by the test targets (this target is not part of any product).
public enum PackageFiles {
    /// The package root: two levels above this file's folder (`Tests/PackageTestSupport/`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The contents of `Vectors/NAME`.
    public static func vector(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("Vectors").appendingPathComponent(name))
    }

    /// Decodes `Vectors/NAME` as JSON.
    public static func vectorJSON<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: vector(name))
    }
}

extension Array where Element == UInt8 {
    /// Bytes from a hex string (whitespace ignored); traps on malformed test data.
    public init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }.utf8.map { c -> UInt8 in
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: preconditionFailure("bad hex digit in test data")
            }
        }
        precondition(digits.count % 2 == 0, "odd hex length in test data")
        self = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// Lower-case hex of the bytes.
    public var hex: String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(count * 2)
        for b in self { out.append(table[Int(b >> 4)]); out.append(table[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
