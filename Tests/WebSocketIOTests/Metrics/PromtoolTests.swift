import Foundation
import PackageTestSupport
import Testing
@testable import WebSocketIO

@Suite("Metrics: names, checked by promtool", .timeLimit(.minutes(1)))
struct PromtoolTests {
    /// The families `Spec/metrics.md` lists under `WS-METRICS-NAMES`: name → (type, label names).
    static func specifiedFamilies() throws -> [String: (type: String, labels: Set<String>)] {
        let spec = try String(contentsOf: PackageFiles.root.appendingPathComponent("Spec/metrics.md"), encoding: .utf8)
        var families: [String: (type: String, labels: Set<String>)] = [:]
        for line in spec.split(separator: "\n") where line.hasPrefix("| `websocket_") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let labels = cells[3].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }
            families[name] = (cells[2], Set(labels))
        }
        return families
    }

    /// The families of an exposition: name → (type, the label names its samples use, `le` left out).
    static func writtenFamilies(_ text: String) -> [String: (type: String, labels: Set<String>)] {
        var families: [String: (type: String, labels: Set<String>)] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                families[String(parts[2])] = (String(parts[3]), [])
            } else if !line.hasPrefix("#"), let brace = line.firstIndex(of: "{") {
                var name = String(line[..<brace])
                if families[name] == nil {
                    for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
                }
                families[name]?.labels.formUnion(labelNames(line[line.index(after: brace)...]))
            }
        }
        return families
    }

    /// The label names of `a="x",b="y\"z"} 1`, without `le`.
    static func labelNames(_ text: Substring) -> Set<String> {
        var names: Set<String> = []
        var rest = text
        while let equals = rest.firstIndex(of: "=") {
            let name = String(rest[..<equals])
            if name != "le" { names.insert(name) }
            var index = rest.index(equals, offsetBy: 2)  // past ="
            while rest[index] != "\"" { index = rest.index(index, offsetBy: rest[index] == "\\" ? 2 : 1) }
            index = rest.index(after: index)
            if rest[index] == "}" { break }
            rest = rest[rest.index(after: index)...]  // past ,
        }
        return names
    }

    @Test("WS-METRICS-NAMES: the families written are exactly those Spec/metrics.md lists, with their types and labels")
    func names() async throws {
        let specified = try Self.specifiedFamilies()
        #expect(specified.count > 30)
        let bus = InProcessBackplaneBus()
        try await MetricsWorkload.run(backplane: bus.node()) { workload in
            try await eventually("every loop to record a lag") { workload.server.server.eventLoopLag.allSatisfy { $0.count > 0 } }
            let written = Self.writtenFamilies(workload.server.server.metricsText(including: workload.hub))
            #expect(Set(written.keys) == Set(specified.keys))
            for (name, family) in written {
                #expect(family.type == specified[name]?.type, "\(name)")
                #expect(family.labels == specified[name]?.labels, "\(name): labels \(family.labels.sorted())")
            }
        }
    }

    @Test(
        "WS-METRICS-FORMAT, WS-METRICS-LABEL-ESCAPE: promtool check metrics accepts a server's metrics after traffic of every kind, with no lint complaint",
        .enabled(if: Promtool.shouldRun, Promtool.skipReason))
    func promtool() async throws {
        let bus = InProcessBackplaneBus()
        try await MetricsWorkload.run(backplane: bus.node()) { workload in
            try await eventually("every loop to record a lag") { workload.server.server.eventLoopLag.allSatisfy { $0.count > 0 } }
            let text = workload.server.server.metricsText(including: workload.hub)
            let check = try await Promtool.checkMetrics(text)
            #expect(check.status == 0, "promtool exit \(check.status): \(check.output)")
            #expect(check.output.isEmpty, "promtool said: \(check.output)")
            // promtool does complain about a broken exposition, so its silence means something.
            let broken = try await Promtool.checkMetrics("websocket_thing{room=\"a\\q\"} 1\n")
            #expect(broken.status != 0)
        }
    }
}
