import Foundation
import PackageTestSupport
import Testing
import WebSocketFuzzTargets

/// Replays every file of `Vectors/fuzz-corpus/<target>/` and `Vectors/fuzz-regressions/<target>/` through the
/// libFuzzer targets' functions, so that the seeds keep passing and a crash found by `.ci/fuzz.sh` stays fixed.
@Suite struct FuzzCorpusReplayTests {
    /// The files of `Vectors/<folder>/<target>/`, sorted by name (none when the folder does not exist).
    static func inputs(_ folder: String, _ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let directory = PackageFiles.root.appendingPathComponent("Vectors").appendingPathComponent(folder)
            .appendingPathComponent(target.name)
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    static func replay(_ inputs: [(name: String, bytes: [UInt8])], _ target: FuzzTarget) {
        for input in inputs {
            do {
                try target.run(input.bytes)
            } catch {
                Issue.record("\(target.name)/\(input.name) (\(input.bytes.hex)): \(error)")
            }
        }
    }

    @Test("WS-FUZZ-CORPUS-REPLAY: every seed of every fuzz target passes its invariants", arguments: FuzzTarget.allCases)
    func corpus(_ target: FuzzTarget) throws {
        let seeds = try Self.inputs("fuzz-corpus", target)
        #expect(seeds.count > 0, "no seeds in Vectors/fuzz-corpus/\(target.name)")
        Self.replay(seeds, target)
    }

    @Test("WS-FUZZ-REGRESSIONS: every input a fuzzer crashed on passes once fixed", arguments: FuzzTarget.allCases)
    func regressions(_ target: FuzzTarget) throws {
        Self.replay(try Self.inputs("fuzz-regressions", target), target)
    }

    @Test("WS-FUZZ-TOTAL: empty, one-byte and short inputs pass every target", arguments: FuzzTarget.allCases)
    func shortInputs(_ target: FuzzTarget) {
        var inputs: [(name: String, bytes: [UInt8])] = [("empty", [])]
        for byte in 0...255 { inputs.append(("byte \(byte)", [UInt8(byte)])) }
        for byte in stride(from: 0, through: 255, by: 17) {
            inputs.append(("run \(byte)", [UInt8](repeating: UInt8(byte), count: 40)))
        }
        Self.replay(inputs, target)
    }
}
