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

    /// The text of every Swift file under `Tests/`, except this one.
    static func testSources() throws -> String {
        let testsDirectory = PackageFiles.root.appendingPathComponent("Tests")
        var text = ""
        let enumerator = FileManager.default.enumerator(atPath: testsDirectory.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasSuffix("SpecCoverageTests.swift") else { continue }
            text += try String(contentsOf: testsDirectory.appendingPathComponent(path), encoding: .utf8)
        }
        return text
    }

    @Test("Every requirement ID in Spec/ is named by at least one test")
    func everyRequirementHasATest() throws {
        let ids = try Self.requirementIDs()
        #expect(ids.count > 50, "the spec lists the requirements")
        let sources = try Self.testSources()
        for (id, file) in ids.sorted(by: { $0.key < $1.key }) {
            // An ID counts when it is followed by a non-ID character, so RFC6455-5.5 does not match RFC6455-5.5.1.
            let named = sources.range(of: #"\#(NSRegularExpression.escapedPattern(for: id))(?![A-Za-z0-9.\-])"#, options: .regularExpression) != nil
            #expect(named, "requirement \(id) (Spec/\(file)) has no test naming it")
        }
    }
}
