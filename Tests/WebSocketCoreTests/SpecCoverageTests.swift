import Foundation
import Testing

@Suite struct SpecCoverageTests {
    /// Every requirement ID: the backticked token at the start of a Markdown list item in `Spec/*.md`.
    static func requirementIDs() throws -> [String: String] {
        let specDirectory = PackageFiles.root.appendingPathComponent("Spec")
        var ids: [String: String] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: specDirectory.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }
        let pattern = try NSRegularExpression(pattern: #"^- `([A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+)`"#, options: [.anchorsMatchLines])
        for file in files {
            let text = try String(contentsOf: specDirectory.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let id = String(text[Range(match.range(at: 1), in: text)!])
                #expect(ids[id] == nil, "\(id) is defined twice (\(file) and \(ids[id] ?? ""))")
                ids[id] = file
            }
        }
        return ids
    }

    /// The text of every Swift file under `Tests/`.
    static func testSources() throws -> [String] {
        let testsDirectory = PackageFiles.root.appendingPathComponent("Tests")
        var sources: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: testsDirectory.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            sources.append(try String(contentsOf: testsDirectory.appendingPathComponent(path), encoding: .utf8))
        }
        return sources
    }

    @Test("Every requirement ID in Spec/ is named by at least one test's display name")
    func everyRequirementHasATest() throws {
        let ids = try Self.requirementIDs()
        #expect(ids.count > 50, "the spec lists the requirements")
        let sources = try Self.testSources()
        #expect(sources.count > 50, "the test sources were found")
        let covered = TestNameScanner.coveredRequirementIDs(in: sources)
        for (id, file) in ids.sorted(by: { $0.key < $1.key }) {
            let named = covered.contains(id)
            #expect(named, "requirement \(id) (Spec/\(file)) has no test whose display name starts with it")
        }
    }

    @Test("The coverage check reads test display names only: an ID in a comment, a string or a suite's name does not count")
    func onlyDisplayNamesCount() {
        let source = #"""
            import Testing

            // @Test("WS-IN-LINE-COMMENT: a test that was commented out")
            /* @Test("WS-IN-BLOCK-COMMENT: commented out") /* nested */ @Test("WS-AFTER-NESTED: still inside") */
            /// Checks WS-IN-DOC-COMMENT (mentioned, not named).
            @Suite("WS-IN-SUITE-NAME: a suite") struct Checks {
                let note = "@Test("WS-IN-STRING: not an attribute") // not a comment either"
                let block = """
                    @Test("WS-IN-MULTILINE-STRING: not an attribute")
                    """
                let raw = #"@Test("WS-IN-RAW-STRING: not an attribute")"#

                @Test("WS-NAMED, WS-ALSO-NAMED: the rule \(1 + 1), see WS-IN-PROSE") func named() {}

                @Test(
                    "WS-MULTILINE-ATTRIBUTE: ws://example.com/ and // are not comments in a name", arguments: [1, 2])
                func parameterized(value: Int) {}

                @Test func unnamed() {}  // WS-AFTER-UNNAMED
            }
            """#
        let names = TestNameScanner.displayNames(in: source)
        #expect(names == [
            "WS-NAMED, WS-ALSO-NAMED: the rule \\(…), see WS-IN-PROSE",
            "WS-MULTILINE-ATTRIBUTE: ws://example.com/ and // are not comments in a name",
        ])
        let covered = TestNameScanner.coveredRequirementIDs(in: [source])
        #expect(covered == ["WS-NAMED", "WS-ALSO-NAMED", "WS-MULTILINE-ATTRIBUTE"])
        // The plain text search this check used before counted every one of these.
        for mentioned in ["WS-IN-LINE-COMMENT", "WS-IN-BLOCK-COMMENT", "WS-AFTER-NESTED", "WS-IN-DOC-COMMENT",
                          "WS-IN-SUITE-NAME", "WS-IN-STRING", "WS-IN-MULTILINE-STRING", "WS-IN-RAW-STRING",
                          "WS-IN-PROSE", "WS-AFTER-UNNAMED"] {
            #expect(source.contains(mentioned))
            #expect(!covered.contains(mentioned), "\(mentioned) counted as covered")
        }
    }
}
