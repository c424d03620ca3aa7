import Foundation
import WebSocketProperties

/// `ws fuzz [--seed S] [--property P] [--iterations N] [--vectors DIR] [--list]`: runs the property suite (every property, or
/// one) with a seed (a fresh random one unless given, printed either way). Exits 1 after printing the property,
/// seed, iteration and replay command of every failure; 2 on bad arguments.
func runFuzz(_ arguments: [String]) -> Int32 {
    let parsed: CommandLineArguments
    let givenSeed: UInt64?
    let givenIterations: Int?
    do {
        parsed = try CommandLineArguments(
            arguments, valueOptions: ["seed", "property", "iterations", "vectors"], flagOptions: ["list", "help"])
        givenSeed = try parsed.uint64("seed")
        givenIterations = try parsed.int("iterations")
        guard parsed.positional.isEmpty else {
            throw CommandLineArguments.ParseError(description: "unexpected argument \(parsed.positional[0])")
        }
    } catch {
        printError("ws fuzz: \(error)\nusage: ws fuzz [--seed S] [--property P] [--iterations N] [--vectors DIR] [--list]")
        return 2
    }
    if parsed.flag("help") {
        print("usage: ws fuzz [--seed S] [--property P] [--iterations N] [--vectors DIR] [--list]")
        return 0
    }
    if parsed.flag("list") {
        let listed = Properties.all(vectors: .unavailable("not loaded for --list"))
        let width = listed.map(\.name.count).max() ?? 0
        for property in listed {
            let padding = String(repeating: " ", count: width - property.name.count)
            print("\(property.name)\(padding)  \(property.description)")
        }
        return 0
    }
    let vectors = loadVectors(given: parsed.value("vectors"))
    var selected = Properties.all(vectors: vectors)
    if let name = parsed.value("property") {
        guard let property = Properties.named(name, vectors: vectors) else {
            printError("ws fuzz: no property named \(name) (ws fuzz --list shows them)")
            return 2
        }
        selected = [property]
    }
    if selected.contains(where: { Properties.vectorBackedNames.contains($0.name) }) && !vectors.problems.isEmpty {
        printError(
            "ws fuzz: WARNING: test vectors missing; the vector-backed properties will FAIL:\n  "
                + vectors.problems.joined(separator: "\n  ") + "\n(run from the package root, or pass --vectors DIR)")
    }
    let seed: UInt64
    if let givenSeed {
        seed = givenSeed
    } else {
        var system = SystemRandomNumberGenerator()
        seed = system.next()
    }
    print("seed: \(seed)\(givenSeed == nil ? " (fresh)" : "")")
    var failures = 0
    let clock = ContinuousClock()
    for property in selected {
        let iterations = givenIterations ?? property.defaultIterations
        var failure: PropertyFailure?
        let elapsed = clock.measure { failure = property.run(seed: seed, iterations: iterations) }
        if let failure {
            failures += 1
            print("FAIL \(property.name)")
            printError(failure.description)
        } else {
            print("ok   \(property.name): \(iterations) iterations in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
        }
    }
    if failures > 0 {
        printError("\(failures) of \(selected.count) properties failed with seed \(seed)")
        return 1
    }
    return 0
}

/// The vectors of `--vectors DIR` or of the `Vectors/` folder found from the current directory (printed), or
/// unavailable ones saying why.
private func loadVectors(given: String?) -> TestVectors {
    guard let directory = VectorDirectory.locate(given: given) else {
        return .unavailable("no Vectors/ folder in \(FileManager.default.currentDirectoryPath) or its parents")
    }
    print("vectors: \(directory.location)")
    return TestVectors.load(using: directory)
}
