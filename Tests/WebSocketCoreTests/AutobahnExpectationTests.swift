import Foundation
import Testing

/// One file of `Vectors/autobahn/`: the expected Autobahn|Testsuite verdict of every case of a configuration.
struct AutobahnExpectation {
    struct Verdict: Equatable {
        var behavior: String
        var behaviorClose: String
    }

    static let behaviors: Set<String> = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"]
    static let closeBehaviors: Set<String> = [
        "OK", "WRONG CODE", "UNCLEAN", "FAILED BY CLIENT", "FAILED", "INFORMATIONAL", "UNIMPLEMENTED",
    ]
    static let directory = PackageFiles.root.appendingPathComponent("Vectors/autobahn")

    /// The case ids in file order (repeats kept, so a test can find them).
    var order: [String] = []
    var verdicts: [String: Verdict] = [:]
    /// Lines that are not `case behavior behaviorClose` with a known verdict.
    var malformed: [String] = []

    /// Reads `Vectors/autobahn/NAME`: `case behavior behaviorClose` a line (`behaviorClose` is the rest of the line),
    /// `#` lines are comments.
    init(named name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            var rest = Substring(line)
            let id = Self.field(&rest)
            let behavior = Self.field(&rest)
            let close = rest.trimmingCharacters(in: .whitespaces)
            guard Self.isCaseID(id), Self.behaviors.contains(behavior), Self.closeBehaviors.contains(close) else {
                malformed.append(String(line))
                continue
            }
            order.append(id)
            verdicts[id] = Verdict(behavior: behavior, behaviorClose: close)
        }
    }

    /// The next whitespace-separated field of `rest`, removed from it.
    private static func field(_ rest: inout Substring) -> String {
        rest = rest.drop(while: \.isWhitespace)
        let token = rest.prefix(while: { !$0.isWhitespace })
        rest = rest.dropFirst(token.count)
        return String(token)
    }

    /// `1.1.1`, `12.3.17`: numbers joined by dots.
    static func isCaseID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// Case order: numerically, part by part (`9.10.1` after `9.2.1`).
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.split(separator: ".").map { Int($0) ?? 0 }.lexicographicallyPrecedes(b.split(separator: ".").map { Int($0) ?? 0 })
    }

    func count(of behavior: String) -> Int { verdicts.values.filter { $0.behavior == behavior }.count }

    /// The rows of the folder's README table: file name → the cells after the file name.
    static func readmeTable() throws -> [String: [String]] {
        let text = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = Array(cells.dropFirst())
        }
        return rows
    }
}

@Suite struct AutobahnExpectationTests {
    /// The configurations CI runs (`.ci/autobahn.sh`, `.ci/deflate.sh`, `.ci/tls.sh`).
    static let configurations = ["server-plain", "client-plain", "server-deflate", "client-deflate", "server-wss"]
    static let informationalByDesign: Set<String> = ["7.1.6", "7.13.1", "7.13.2"]

    @Test("WS-AUTOBAHN-EXPECTED: every configuration CI runs has its table, every case once, counts as the README says")
    func expectationFilesAreComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: AutobahnExpectation.directory.path)
            .filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.configurations.map { $0 + ".txt" }), "one table per configuration, no other")
        let table = try AutobahnExpectation.readmeTable()
        #expect(Set(table.keys) == Set(files), "the README's table lists every file")

        var ids: [String: Set<String>] = [:]
        for configuration in Self.configurations {
            let name = configuration + ".txt"
            let file = try AutobahnExpectation(named: name)
            #expect(file.malformed.isEmpty, "\(name): malformed lines \(file.malformed)")
            #expect(file.order.count == Set(file.order).count, "\(name): a case is listed twice")
            let sorted = zip(file.order, file.order.dropFirst()).allSatisfy { AutobahnExpectation.precedes($0, $1) }
            #expect(sorted, "\(name): the cases are not in case order")
            ids[configuration] = Set(file.order)

            // The README row: configuration, run by, cases, OK, INFORMATIONAL, NON-STRICT, UNIMPLEMENTED, FAILED.
            let row = try #require(table[name], "\(name) has no row in the README")
            let claimed = row.dropFirst(2).map { Int($0) }
            let counted = [file.order.count] + ["OK", "INFORMATIONAL", "NON-STRICT", "UNIMPLEMENTED", "FAILED"].map(file.count(of:))
            #expect(claimed == counted.map { Optional($0) }, "\(name): the README claims \(row.dropFirst(2)), the file holds \(counted)")

            let informational = Set(file.verdicts.filter { $0.value.behavior == "INFORMATIONAL" }.keys)
            #expect(informational.isSubset(of: Self.informationalByDesign), "\(name): INFORMATIONAL \(informational.sorted())")
            let compressed = file.order.filter { $0.hasPrefix("12.") || $0.hasPrefix("13.") }
            if configuration.hasSuffix("-plain") { #expect(compressed.isEmpty, "\(name) holds 12.*/13.*") }
            if configuration.hasSuffix("-deflate") { #expect(compressed.count == file.order.count, "\(name) holds more than 12.*/13.*") }
        }

        // Per role, plain and deflate together are the whole suite: the same 517 ids for both roles and over wss.
        let server = ids["server-plain", default: []].union(ids["server-deflate", default: []])
        let client = ids["client-plain", default: []].union(ids["client-deflate", default: []])
        #expect(server.count == 517)
        let clientOnly = client.subtracting(server).sorted(by: AutobahnExpectation.precedes)
        let serverOnly = server.subtracting(client).sorted(by: AutobahnExpectation.precedes)
        #expect(clientOnly.isEmpty && serverOnly.isEmpty, "client role only: \(clientOnly.prefix(5)), server role only: \(serverOnly.prefix(5))")
        let wss = ids["server-wss", default: []]
        let wssOnly = wss.subtracting(server).sorted(by: AutobahnExpectation.precedes)
        let wsOnly = server.subtracting(wss).sorted(by: AutobahnExpectation.precedes)
        #expect(wssOnly.isEmpty && wsOnly.isEmpty, "over wss only: \(wssOnly.count) \(wssOnly.prefix(5)), over ws only: \(wsOnly.count) \(wsOnly.prefix(5))")
        for role in ["server", "client"] {
            let plain = try AutobahnExpectation(named: role + "-plain.txt")
            let deflate = try AutobahnExpectation(named: role + "-deflate.txt")
            #expect(plain.count(of: "OK") + deflate.count(of: "OK") == 514, "\(role): 514 OK")
            #expect(plain.count(of: "INFORMATIONAL") + deflate.count(of: "INFORMATIONAL") == 3, "\(role): 3 INFORMATIONAL")
        }
    }

    /// Runs `.ci/autobahn_verdicts.py` on a report written from `verdicts` and returns its exit status and output.
    static func compare(_ verdicts: [String: AutobahnExpectation.Verdict], with expectation: String, arguments: [String]) async throws
        -> (status: Int32, output: String)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-autobahn-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = verdicts.mapValues { ["behavior": $0.behavior, "behaviorClose": $0.behaviorClose, "duration": 1] as [String: Any] }
        try JSONSerialization.data(withJSONObject: ["ws": cases]).write(to: directory.appendingPathComponent("index.json"))

        let result = try await ChildProcess.run(
            [
                "python3", PackageFiles.root.appendingPathComponent(".ci/autobahn_verdicts.py").path, directory.path,
                "--expect", AutobahnExpectation.directory.appendingPathComponent(expectation).path,
            ] + arguments, mergingErrors: true)
        return (result.status, result.outputText)
    }

    @Test("WS-AUTOBAHN-VERDICTS: the CI comparison fails naming every changed, missing and extra case, and passes an unchanged run")
    func comparisonNamesEveryChange() async throws {
        let expected = try AutobahnExpectation(named: "server-plain.txt").verdicts
        let selection = ["--cases", "*", "--exclude", "12.*,13.*"]

        let unchanged = try await Self.compare(expected, with: "server-plain.txt", arguments: selection)
        #expect(unchanged.status == 0, "\(unchanged.output)")

        var changed = expected
        changed["1.1.1"] = .init(behavior: "FAILED", behaviorClose: "OK")
        changed["2.1"] = .init(behavior: "OK", behaviorClose: "UNCLEAN")
        changed["5.2"] = nil
        changed["12.1.1"] = .init(behavior: "OK", behaviorClose: "OK")
        let run = try await Self.compare(changed, with: "server-plain.txt", arguments: selection)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n").filter { $0.contains("CHANGED") }
        #expect(lines.count == 4, "\(run.output)")
        for id in ["1.1.1:", "2.1:", "5.2:", "12.1.1:"] {
            #expect(lines.contains { $0.contains(" \(id) ") }, "\(id) not named in:\n\(run.output)")
        }
        #expect(lines.contains { $0.contains("1.1.1: expected OK (close OK), got FAILED (close OK)") }, "\(run.output)")
        #expect(run.output.contains("autobahn: 301 cases:"), "the summary is printed: \(run.output)")

        // A run of a subset compares that subset only; a case of the subset missing from it still fails.
        let subset = expected.filter { $0.key.hasPrefix("6.") }
        #expect(try await Self.compare(subset, with: "server-plain.txt", arguments: ["--cases", "6.*"]).status == 0)
        var short = subset
        short["6.1.1"] = nil
        let shortRun = try await Self.compare(short, with: "server-plain.txt", arguments: ["--cases", "6.*"])
        #expect(shortRun.status == 1 && shortRun.output.contains("6.1.1: expected"), "\(shortRun.output)")
    }
}
