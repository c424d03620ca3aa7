import Foundation

/// Finds the display names of Swift Testing tests (`@Test("…")`) in Swift source, for the spec coverage check.
///
/// A small lexer: it skips line and (nested) block comments and every string literal (single-line, multi-line,
/// raw, with interpolations), so an ID written in a comment, a doc comment, a string or a suite's name never passes
/// for a test's name; only the string literal that opens an `@Test(` attribute in code is read.
enum TestNameScanner {
    /// The display names of the `@Test` attributes in `source`, in order of appearance.
    static func displayNames(in source: String) -> [String] {
        var lexer = Lexer(Array(source.utf8))
        lexer.scanCode(untilClosingParenthesis: false)
        return lexer.names
    }

    /// The requirement IDs a display name covers: the comma-separated IDs before its first colon, as in
    /// `"RFC6455-5.5-CONTROL-LEN, WS-LIMITS: …"`. Words of the sentence after the colon never count.
    static func requirementIDs(inDisplayName name: String) -> [String] {
        let lead = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return lead.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter(isRequirementID)
    }

    /// The requirement IDs covered by the tests of `sources` (the text of Swift files).
    static func coveredRequirementIDs(in sources: [String]) -> Set<String> {
        Set(sources.flatMap(displayNames(in:)).flatMap(requirementIDs(inDisplayName:)))
    }

    /// Whether `word` has the form of a requirement ID (`SOURCE-SECTION-NAME`, see `Spec/README.md`).
    static func isRequirementID(_ word: String) -> Bool {
        word.range(of: #"^[A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+$"#, options: .regularExpression) != nil
    }
}

/// The lexer behind `TestNameScanner`: one pass over the bytes of a source file.
private struct Lexer {
    let bytes: [UInt8]
    var index = 0
    var names: [String] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private func byte(at offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func isAt(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        return bytes[index..<(index + utf8.count)].elementsEqual(utf8)
    }

    /// Skips code to the end of the input or, inside a string interpolation, past the `)` that closes it.
    mutating func scanCode(untilClosingParenthesis: Bool) {
        var depth = 0
        while let c = byte() {
            if c == UInt8(ascii: "/") && byte(at: 1) == UInt8(ascii: "/") {
                while let c = byte(), c != UInt8(ascii: "\n") { index += 1 }
            } else if c == UInt8(ascii: "/") && byte(at: 1) == UInt8(ascii: "*") {
                skipBlockComment()
            } else if c == UInt8(ascii: "@") && isAt("@Test(") {
                index += 6
                depth += 1
                while let c = byte(), c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t") {
                    index += 1
                }
                if let name = scanStringLiteral() { names.append(name) }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "#") {
                if scanStringLiteral() == nil { index += 1 }
            } else if c == UInt8(ascii: "(") {
                depth += 1
                index += 1
            } else if c == UInt8(ascii: ")") {
                index += 1
                if untilClosingParenthesis && depth == 0 { return }
                depth -= 1
            } else {
                index += 1
            }
        }
    }

    /// Skips a block comment, which may nest.
    private mutating func skipBlockComment() {
        var depth = 0
        while byte() != nil {
            if isAt("/*") {
                depth += 1
                index += 2
            } else if isAt("*/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
    }

    /// Reads the string literal at the current position (`"…"`, `"""…"""`, `#"…"#`) and returns its text, with
    /// common escapes resolved and each interpolation kept as `\(…)`; nil (and nothing consumed) when no string
    /// literal starts here.
    private mutating func scanStringLiteral() -> String? {
        var hashes = 0
        while byte(at: hashes) == UInt8(ascii: "#") { hashes += 1 }
        guard byte(at: hashes) == UInt8(ascii: "\"") else { return nil }
        index += hashes
        let multiline = isAt("\"\"\"")
        index += multiline ? 3 : 1
        let close = Array((multiline ? "\"\"\"" : "\"").utf8) + Array(repeating: UInt8(ascii: "#"), count: hashes)
        let escape = [UInt8(ascii: "\\")] + Array(repeating: UInt8(ascii: "#"), count: hashes)
        var text: [UInt8] = []
        while let c = byte() {
            if bytes[index...].starts(with: close) {
                index += close.count
                break
            }
            if !multiline && c == UInt8(ascii: "\n") { break }  // unterminated: stop at the end of the line
            if bytes[index...].starts(with: escape), let next = byte(at: escape.count) {
                index += escape.count + 1
                switch next {
                case UInt8(ascii: "("):
                    scanCode(untilClosingParenthesis: true)
                    text += Array("\\(…)".utf8)
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                default: text.append(next)
                }
                continue
            }
            text.append(c)
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }
}
