import Foundation
import Testing
@testable import WebSocketCore

@Suite struct ErrorTableTests {
    /// The rows of the table under `heading` in `Spec/errors.md`: first cell (a `name`) → second cell.
    static func table(under heading: String) throws -> [String: String] {
        let text = try String(contentsOf: PackageFiles.root.appendingPathComponent("Spec/errors.md"), encoding: .utf8)
        var table: [String: String] = [:]
        var inSection = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("## ") { inSection = line == "## \(heading)" }
            guard inSection, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            #expect(table[name] == nil, "\(name) has two rows")
            table[name] = cells[1]
        }
        #expect(!table.isEmpty, "no table under \(heading)")
        return table
    }

    /// The rows of the violation table: name → close code (nil when the cell is not a number).
    static func table() throws -> [String: UInt16?] {
        try table(under: "Violation → close code").mapValues { UInt16($0) }
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

    @Test("WS-ERRORS-HANDSHAKE-TABLE: Spec/errors.md names every handshake rejection with its status and every response failure")
    func handshakeTablesMatchCode() throws {
        let statuses = try Self.table(under: "Rejection → HTTP status")
        let kinds = HandshakeRejection.Kind.allCases
        #expect(HandshakeRejection.allExamples.map(\.kind) == kinds)
        for kind in kinds {
            let rejection = kind.example
            #expect(rejection.kind == kind, "the example of \(kind) is a \(rejection.kind)")
            #expect(statuses[rejection.name] == String(rejection.status), "\(rejection.name): no row with status \(rejection.status)")
            let response = String(decoding: rejection.responseBytes(), as: UTF8.self)
            #expect(response.hasPrefix("HTTP/1.1 \(rejection.status) \(rejection.reasonPhrase)\r\n"))
        }
        #expect(Set(kinds.map(\.name)).count == kinds.count, "two rejections share a name")
        #expect(Set(statuses.keys) == Set(kinds.map(\.name)), "rows and cases differ")

        let steps = try Self.table(under: "Response failure → client")
        let failures = HandshakeResponseError.Kind.allCases
        #expect(HandshakeResponseError.allExamples.map(\.kind) == failures)
        for kind in failures {
            #expect(kind.example.kind == kind)
            #expect(steps[kind.name] != nil, "\(kind.name): no row in Spec/errors.md")
        }
        #expect(Set(failures.map(\.name)).count == failures.count, "two failures share a name")
        #expect(Set(steps.keys) == Set(failures.map(\.name)), "rows and cases differ")
    }

    @Test("WS-ERRORS-HANDSHAKE-KINDS: the application's bad values, the peer's bad response and bad settings are three types")
    func handshakeErrorKindsAreSeparate() throws {
        // The local application's values: thrown before anything is written.
        #expect(throws: HandshakeUsageError.invalidHost("")) { try ClientHandshake(host: "") }
        #expect(throws: HandshakeUsageError.reservedHeader(name: "Upgrade")) { try ClientHandshake(host: "a", extraHeaders: ["Upgrade": "h2c"]) }
        #expect(throws: HandshakeUsageError.invalidSubprotocol("a b")) {
            try ServerHandshake.acceptResponse(forKey: "dGhlIHNhbXBsZSBub25jZQ==", subprotocol: "a b")
        }
        // Settings: a ConfigurationError naming the setting.
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumFrameSize = 0
        let handshake = try ClientHandshake(host: "example.com")
        do {
            _ = try ClientHandshakeDriver(handshake: handshake, configuration: configuration)
            Issue.record("invalid limits accepted")
        } catch {
            #expect(error.setting == "maximumFrameSize")
        }
        var session = SessionConfiguration()
        session.idleTimeout = .zero
        #expect(throws: ConfigurationError("idleTimeout", "must be positive")) {
            _ = try WebSocketSession(server: ServerHandshakeReader(), configuration: session, now: .origin)
        }
        // The peer's response: a typed failure of the handshake, with its stable name.
        var driver = try ClientHandshakeDriver(handshake: handshake)
        guard case .failed(.rejected(let failure)) = driver.receive(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)) else {
            Issue.record("a 200 was not a rejected handshake")
            return
        }
        #expect(failure == .unexpectedStatus(200, reason: "OK"))
        #expect(failure.name == "unexpected-status")
    }
}
