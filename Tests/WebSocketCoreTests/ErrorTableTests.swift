import Foundation
import Testing
@testable import WebSocketCore

@Suite struct ErrorTableTests {
    /// The rows of the violation table in `Spec/errors.md`: name → close code (nil when the cell is not a number).
    static func table() throws -> [String: UInt16?] {
        let text = try String(contentsOf: PackageFiles.root.appendingPathComponent("Spec/errors.md"), encoding: .utf8)
        var table: [String: UInt16?] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            #expect(table[name] == nil, "\(name) has two rows")
            table[name] = UInt16(cells[1])
        }
        return table
    }

    @Test("WS-ERRORS-TABLE: Spec/errors.md and ProtocolViolation agree on every name and close code, for every case")
    func tableMatchesCode() throws {
        let table = try Self.table()
        // Every case: `Kind` is CaseIterable and `kind` is a switch without default, so a new case cannot be left out.
        let kinds = ProtocolViolation.Kind.allCases
        #expect(ProtocolViolation.allExamples.map(\.kind) == kinds)
        for kind in kinds {
            let violation = kind.example
            #expect(violation.kind == kind, "the example of \(kind) is a \(violation.kind)")
            #expect(table[violation.name] == .some(violation.closeCode.rawValue), "\(violation.name): no row in Spec/errors.md with close code \(violation.closeCode.rawValue)")
            #expect(violation.description.utf8.count <= 123)
        }
        let names = kinds.map(\.example.name)
        #expect(Set(names).count == kinds.count, "two cases share a name")
        #expect(Set(table.keys).subtracting(names).isEmpty, "rows without a case: \(Set(table.keys).subtracting(names).sorted())")
    }

    @Test("WS-ERRORS-USAGE-SEPARATE: misuse throws UsageError and leaves the connection open and silent")
    func usageErrorsAreSeparate() throws {
        var connection = try Connection.established(role: .server)
        #expect(throws: UsageError.self) { try connection.continueFragmentedMessage([1], isFinal: true) }
        #expect(throws: UsageError.self) { try ClosePayload(code: .abnormalClosure) }
        #expect(connection.outboundByteCount == 0)
        try connection.send(text: "still open")
        #expect(connection.outboundByteCount > 0)
        _ = connection.abort()
    }
}
