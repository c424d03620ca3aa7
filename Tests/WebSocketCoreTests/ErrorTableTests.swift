import Foundation
import Testing
import WebSocketCore

@Suite struct ErrorTableTests {
    @Test("WS-ERRORS-TABLE: Spec/errors.md and ProtocolViolation agree on every name and close code")
    func tableMatchesCode() throws {
        let text = try String(contentsOf: PackageFiles.root.appendingPathComponent("Spec/errors.md"), encoding: .utf8)
        var table: [String: UInt16] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            table[name] = UInt16(cells[1])
        }
        #expect(table.count == ProtocolViolation.allExamples.count)
        for violation in ProtocolViolation.allExamples {
            #expect(table[violation.name] == violation.closeCode.rawValue, "\(violation.name)")
            #expect(violation.description.utf8.count <= 123)
        }
        #expect(Set(ProtocolViolation.allExamples.map(\.name)).count == ProtocolViolation.allExamples.count)
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
